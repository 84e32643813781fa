"""The local Neo4j server is real: version 5.26 community, auth on, parameters and schema commands work."""

from __future__ import annotations

import neo4j
import neo4j.exceptions
import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.integration]


def test_server_reports_neo4j_5_26_community(neo4j_driver, neo4j_settings):
    records = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_=neo4j_settings.database,
    ).records
    kernel = [record for record in records if record["name"] == "Neo4j Kernel"]
    assert len(kernel) == 1
    assert kernel[0]["versions"][0].startswith("5.26.")
    assert kernel[0]["edition"] == "community"


def test_default_database_is_the_configured_one(neo4j_driver, neo4j_settings):
    records = neo4j_driver.execute_query("SHOW DEFAULT DATABASE YIELD name, currentStatus").records
    assert [(r["name"], r["currentStatus"]) for r in records] == [(neo4j_settings.database, "online")]


def test_node_written_with_parameters_reads_back(clean_db, neo4j_settings):
    props = {"id": "method:bert", "name": "BERT – “base”", "aliases": ["BERT", "bert-base"], "score": 0.5}
    summary = clean_db.execute_query(
        "CREATE (n:SmokeTest) SET n = $props", props=props, database_=neo4j_settings.database
    ).summary
    assert summary.counters.nodes_created == 1

    records = clean_db.execute_query(
        "MATCH (n:SmokeTest {id: $id}) RETURN properties(n) AS props",
        id=props["id"],
        database_=neo4j_settings.database,
    ).records
    assert [record["props"] for record in records] == [props]


def test_create_constraint_if_not_exists_is_idempotent(clean_db, neo4j_settings):
    statement = "CREATE CONSTRAINT smoke_id IF NOT EXISTS FOR (n:SmokeTest) REQUIRE n.id IS UNIQUE"
    first = clean_db.execute_query(statement, database_=neo4j_settings.database).summary
    second = clean_db.execute_query(statement, database_=neo4j_settings.database).summary
    assert (first.counters.constraints_added, second.counters.constraints_added) == (1, 0)

    clean_db.execute_query("MERGE (:SmokeTest {id: 'x'})", database_=neo4j_settings.database)
    with pytest.raises(neo4j.exceptions.ConstraintError):
        clean_db.execute_query("CREATE (:SmokeTest {id: 'x'})", database_=neo4j_settings.database)


def test_clean_db_leaves_no_data_or_schema(clean_db, neo4j_settings):
    db = neo4j_settings.database
    assert clean_db.execute_query("MATCH (n) RETURN count(n) AS n", database_=db).records[0]["n"] == 0
    assert clean_db.execute_query("SHOW CONSTRAINTS", database_=db).records == []
    indexes = clean_db.execute_query("SHOW INDEXES YIELD type", database_=db).records
    assert {record["type"] for record in indexes} <= {"LOOKUP"}


def test_wrong_password_is_rejected(neo4j_driver, neo4j_settings):
    with neo4j.GraphDatabase.driver(neo4j_settings.uri, auth=(neo4j_settings.user, "not-the-password")) as bad:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()
