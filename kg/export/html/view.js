/* kg HTML view: draws the graph embedded as JSON with cytoscape.js, and wires the legend, the
 * type and confidence filters, search, and the details panel.
 * Every name and sentence reaches the page through textContent (never innerHTML), and on the
 * canvas as a label, so input text is always shown as text. */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var parsed = performance.now() - started;
  var view = (window.kgView = { data: data, rendered: false, errors: [], timing: {} });
  var total = data.elements.nodes.length + data.elements.edges.length;
  var large = total > 3000;
  /* A very large graph starts with paper and result nodes hidden (their legend boxes
   * unticked): they carry most of the edges, and drawing fewer elements keeps it responsive. */
  var shown = {};
  if (total > 12000) { shown.Paper = false; shown.Result = false; }
  (function hideAtStart() {
    var hidden = {};
    data.elements.nodes.forEach(function (n) {
      if (shown[n.data.type] === false) { n.classes = "filtered"; hidden[n.data.id] = true; }
    });
    data.elements.edges.forEach(function (e) {
      if (hidden[e.data.source] || hidden[e.data.target]) e.classes = "filtered";
    });
  })();

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fmt(x) { return (Math.round(x * 100) / 100).toFixed(2); }

  var colors = {};
  data.types.forEach(function (t) { colors[t.name] = t.color; });

  var style = [
    { selector: "node", style: {
      "width": "data(size)", "height": "data(size)", "background-color": "#777",
      "label": "data(label)", "font-size": "data(font)", "color": "#1d2430",
      "text-valign": "bottom", "text-margin-y": 3, "text-wrap": large ? "none" : "ellipsis",
      "text-max-width": 180, "min-zoomed-font-size": 8,
      "text-outline-color": "#fff", "text-outline-width": large ? 0 : 2,
      "border-width": 1, "border-color": "#fff" } },
    { selector: "edge", style: {
      "width": "mapData(support, 1, 10, 1, 5)", "line-color": "#b9c0c9", "opacity": 0.75,
      "curve-style": large ? "haystack" : "straight",
      "target-arrow-shape": large ? "none" : "triangle", "target-arrow-color": "#b9c0c9",
      "arrow-scale": 0.7 } },
    { selector: "edge[kind = 'relation']", style: { "line-color": "#7d8896", "target-arrow-color": "#7d8896" } },
    { selector: ".faded", style: { "opacity": 0.12, "text-opacity": 0 } },
    { selector: ".filtered", style: { "display": "none" } },
    { selector: "node.match", style: { "border-width": 4, "border-color": "#f2c200" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d2430" } },
    { selector: "edge:selected", style: { "line-color": "#1d2430", "target-arrow-color": "#1d2430", "width": 4, "opacity": 1 } }
  ];
  data.types.forEach(function (t) {
    style.push({ selector: "node[type = " + JSON.stringify(t.name) + "]",
                 style: { "background-color": t.color } });
  });
  style.push({ selector: "node[kind = 'paper']", style: { "shape": "round-rectangle" } });
  style.push({ selector: "node[kind = 'result']", style: { "shape": "diamond" } });

  /* Fit the view from the node positions: cytoscape's own fit measures every label first,
   * which takes seconds on thousands of nodes. */
  var container = document.getElementById("cy");
  function viewport(points, width, height) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    points.forEach(function (p) {
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    });
    if (!points.length) return { zoom: 1, pan: { x: width / 2, y: height / 2 } };
    var pad = 60;
    var zoom = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1), (height - 2 * pad) / Math.max(y1 - y0, 1));
    zoom = Math.max(0.02, Math.min(zoom, 2));
    return { zoom: zoom, pan: { x: width / 2 - zoom * (x0 + x1) / 2, y: height / 2 - zoom * (y0 + y1) / 2 } };
  }
  var initial = viewport(data.elements.nodes.map(function (n) { return n.position; }),
                         container.clientWidth, container.clientHeight);

  var cy = (view.cy = cytoscape({
    container: container,
    elements: data.elements,
    layout: { name: "preset", fit: false },
    zoom: initial.zoom, pan: initial.pan,
    style: style,
    minZoom: 0.02, maxZoom: 6,
    pixelRatio: large ? 1 : "auto",
    textureOnViewport: large, hideEdgesOnViewport: large, motionBlur: false,
    boxSelectionEnabled: false
  }));
  view.timing.parse = parsed;
  view.timing.init = performance.now() - started;
  cy.one("render", function () {
    requestAnimationFrame(function () {
      view.timing.firstRender = performance.now() - started;
      view.rendered = true;
      document.documentElement.setAttribute("data-rendered", "true");
    });
  });

  /* Legend and filters. */
  var countsByType = {};
  cy.nodes().forEach(function (n) {
    var type = n.data("type");
    countsByType[type] = (countsByType[type] || 0) + 1;
  });
  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    if (!countsByType[t.name]) return;
    if (shown[t.name] !== false) shown[t.name] = true;
    var box = el("input");
    box.type = "checkbox"; box.checked = shown[t.name]; box.value = t.name;
    box.setAttribute("data-type", t.name);
    box.addEventListener("change", function () { shown[t.name] = box.checked; applyFilters(); });
    var swatch = el("span", null, "swatch");
    swatch.style.background = t.color;
    var label = el("label");
    if (!shown[t.name]) label.title = "Hidden at start on a graph this large: tick to show";
    label.append(box, swatch, el("span", t.name), el("span", countsByType[t.name], "count"));
    var item = el("li");
    item.append(label);
    legend.append(item);
  });
  var slider = document.getElementById("confidence");
  var sliderValue = document.getElementById("confidence-value");
  slider.addEventListener("input", function () { sliderValue.textContent = fmt(+slider.value); applyFilters(); });

  function applyFilters() {
    var min = +slider.value;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var keep = shown[n.data("type")] !== false && n.data("confidence") >= min;
        if (keep) n.removeClass("filtered"); else n.addClass("filtered");
      });
      cy.edges().forEach(function (e) {
        var keep = e.data("confidence") >= min && !e.source().hasClass("filtered") &&
                   !e.target().hasClass("filtered");
        if (keep) e.removeClass("filtered"); else e.addClass("filtered");
      });
    });
    updateCounts();
  }
  function updateCounts() {
    var nodes = cy.nodes().not(".filtered").length, edges = cy.edges().not(".filtered").length;
    document.getElementById("counts").textContent =
      nodes + " of " + cy.nodes().length + " nodes, " + edges + " of " + cy.edges().length + " edges";
  }
  updateCounts();
  function fit() {
    var points = cy.nodes().not(".filtered").map(function (n) { return n.position(); });
    var v = viewport(points, cy.width(), cy.height());
    cy.viewport({ zoom: v.zoom, pan: v.pan });
  }
  document.getElementById("fit").addEventListener("click", fit);

  /* Search by name and alias. */
  var search = document.getElementById("search");
  var matchList = document.getElementById("matches");
  var index = cy.nodes().map(function (n) {
    var names = [n.data("label")].concat(n.data("aliases") || []);
    return { node: n, text: names.join("\n").toLowerCase() };
  });
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, large ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(timer);
      var found = runSearch();
      if (found.length) focus(found[0]);
    } else if (event.key === "Escape") {
      search.value = ""; runSearch();
    }
  });
  function runSearch() {
    var query = search.value.trim().toLowerCase();
    var found = [];
    if (query) {
      index.forEach(function (entry) {
        if (entry.text.indexOf(query) !== -1) found.push(entry.node);
      });
      found.sort(function (a, b) { return b.data("support") - a.data("support"); });
    }
    cy.batch(function () {
      cy.nodes(".match").removeClass("match");
      found.forEach(function (n) { n.addClass("match"); });
    });
    matchList.textContent = "";
    found.slice(0, 30).forEach(function (n) {
      var button = el("button", n.data("label") + " (" + n.data("type") + ")");
      button.type = "button";
      button.addEventListener("click", function () { focus(n); matchList.textContent = ""; });
      var item = el("li");
      item.append(button);
      matchList.append(item);
    });
    view.matches = found.map(function (n) { return n.id(); });
    return found;
  }
  function focus(node) {
    cy.elements(":selected").unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
    showNode(node);
  }

  /* Details panel. */
  var info = document.getElementById("info");
  function section(title, items, render) {
    if (!items || !items.length) return;
    info.append(el("h2", title));
    items.forEach(function (item) { info.append(render(item)); });
  }
  function safeLink(text, href) {
    try {
      var url = new URL(href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        var a = el("a", text);
        a.href = url.href; a.target = "_blank"; a.rel = "noopener noreferrer";
        return a;
      }
    } catch (e) { /* not a URL: plain text */ }
    return el("span", text);
  }
  function paperItem(id) {
    var paper = data.papers[id] || {};
    var item = el("li");
    var title = paper.title || id;
    item.append(paper.url ? safeLink(title, paper.url) : el("span", title));
    if (paper.year) item.append(document.createTextNode(" (" + paper.year + ")"));
    return item;
  }
  function quote(pair) {
    var block = el("blockquote", pair[1]);
    var paper = data.papers[pair[0]];
    block.append(el("cite", paper && paper.title ? paper.title : pair[0]));
    return block;
  }
  function heading(title, type, extra) {
    info.textContent = "";
    info.append(el("h3", title));
    var meta = el("p", null, "meta");
    var tag = el("span", type, "tag");
    tag.style.background = colors[type] || "#777";
    meta.append(tag, document.createTextNode(" " + extra));
    info.append(meta);
  }
  function showNode(node) {
    var d = node.data();
    var extra = "support " + d.support + " · confidence " + fmt(d.confidence);
    if (d.role) extra += " · " + d.role;
    if (d.year) extra += " · " + d.year;
    heading(d.label, d.type, extra);
    if (d.kind === "result") {
      var parts = [["metric", d.metric], ["method", d.method], ["dataset", d.dataset],
                   ["baseline", d.baseline], ["unit", d.unit], ["kind", d.result_kind]];
      section("Result", parts.filter(function (p) { return p[1]; }), function (p) {
        return el("p", p[0] + ": " + p[1]);
      });
    }
    if (d.kind === "paper") {
      if (d.authors) info.append(el("p", d.authors));
      if (d.url) { var p = el("p"); p.append(safeLink(d.url, d.url)); info.append(p); }
      if (d.abstract) { info.append(el("h2", "Abstract")); info.append(el("p", d.abstract)); }
    }
    if (d.aliases && d.aliases.length) {
      info.append(el("h2", "Aliases"));
      var list = el("ul");
      d.aliases.forEach(function (a) { list.append(el("li", a)); });
      info.append(list);
    }
    if (d.kind !== "paper" && d.papers && d.papers.length) {
      info.append(el("h2", "Papers (" + d.papers.length + ")"));
      var papers = el("ul");
      d.papers.forEach(function (id) { papers.append(paperItem(id)); });
      info.append(papers);
    }
    section("Evidence", d.evidence, quote);
    var related = node.connectedEdges("[kind = 'relation']").not(".filtered");
    if (related.length) {
      info.append(el("h2", "Relations (" + related.length + ")"));
      var rels = el("ul");
      related.forEach(function (e) {
        rels.append(el("li", e.source().data("label") + " " + e.data("relation") + " " +
                               e.target().data("label")));
      });
      info.append(rels);
    }
    view.shown = d.id;
  }
  function showEdge(edge) {
    var d = edge.data();
    heading(edge.source().data("label") + " " + d.relation + " " + edge.target().data("label"),
            d.relation, "support " + d.support + " · confidence " + fmt(d.confidence));
    section("Evidence", d.evidence, quote);
    view.shown = d.id;
  }

  cy.on("tap", "node", function (event) {
    var node = event.target;
    cy.batch(function () {
      cy.elements().addClass("faded");
      node.closedNeighborhood().removeClass("faded");
    });
    showNode(node);
  });
  cy.on("tap", "edge", function (event) {
    cy.batch(function () {
      cy.elements().addClass("faded");
      event.target.union(event.target.connectedNodes()).removeClass("faded");
    });
    showEdge(event.target);
  });
  cy.on("tap", function (event) {
    if (event.target === cy) cy.elements().removeClass("faded");
  });
})();
