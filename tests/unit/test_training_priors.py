import json

from kg.extract.lexicon import TypePriors, default_priors
from kg.model import EntityType
from training.build_priors import OUT, count


def test_priors_count_names_and_heads(tmp_path):
    path = tmp_path / "a.jsonl"
    records = [{"entities": [{"type": "Task", "name": "object detection", "aliases": ["OD"]},
                             {"type": "Task", "name": "anomaly detection", "aliases": []},
                             {"type": "Method", "name": "detection transformer", "aliases": []}]},
               {"entities": [{"type": "Task", "name": "pose detection", "aliases": []}]}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    priors = count([path])
    assert priors["names"]["object detection"] == {"Task": 1} and priors["names"]["od"] == {"Task": 1}
    assert priors["heads"]["detection"] == {"Task": 3}
    assert "transformer" not in priors["heads"]  # seen fewer than three times


def test_votes_prefer_the_whole_name_then_the_head():
    priors = TypePriors(names={"reinforcement learning": {"Method": 9, "Task": 13}},
                        heads={"detection": {"Task": 40, "Method": 1}})
    votes = priors.votes("reinforcement learning")
    assert votes[EntityType.TASK] > votes[EntityType.METHOD]
    assert max(priors.votes("lane detection"), key=priors.votes("lane detection").get) is EntityType.TASK
    assert priors.votes("unknown words") == {}


def test_shipped_priors_are_rebuilt_from_the_training_data():
    shipped = json.loads(OUT.read_text(encoding="utf-8"))
    rebuilt = count()
    assert shipped["names"] == rebuilt["names"] and shipped["heads"] == rebuilt["heads"], \
        "run `python -m training.build_priors` (make train)"
    assert default_priors().names == shipped["names"]
