/* Faceted search page (docs/search.md): a Pagefind query combined with actor, topic,
 * outlet and year filters. The state lives in the URL (?query=...&actor=...&topic=...),
 * restored on load and kept current with history.replaceState, so a filtered search
 * can be linked. The Pagefind bundle (site/pagefind/, generated at build time) is
 * loaded from beside this script's folder, so the site works from a sub-path and
 * offline. The query parameter is "query", not "q": Material opens its own search
 * dialog when a page's URL has ?q=.
 *
 * Material's instant navigation swaps page content without reloading scripts, so the
 * page is set up from Material's document$ observable, which fires on every page. */
(function () {
  "use strict";

  var FACETS = [
    { name: "actor", label: "Actors", mode: "all", order: "count" },
    { name: "topic", label: "Topics", mode: "all", order: "count" },
    { name: "outlet", label: "Outlets", mode: "any", order: "count" },
    { name: "year", label: "Years", mode: "any", order: "value-desc" }
  ];
  var SORTS = { newest: "desc", oldest: "asc" };
  var PAGE_SIZE = 20;
  var SHOWN_OPTIONS = 12;

  // ------------------------------------------------------------------ state <-> URL (pure)

  function readState(search) {
    var params = new URLSearchParams(search);
    var filters = {};
    FACETS.forEach(function (facet) {
      filters[facet.name] = unique(params.getAll(facet.name).filter(Boolean));
    });
    var sort = params.get("sort") || "";
    return { query: params.get("query") || "", filters: filters, sort: SORTS[sort] ? sort : "" };
  }

  function stateToSearch(state) {
    var params = new URLSearchParams();
    if (state.query) params.set("query", state.query);
    FACETS.forEach(function (facet) {
      (state.filters[facet.name] || []).forEach(function (value) { params.append(facet.name, value); });
    });
    if (state.sort) params.set("sort", state.sort);
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function pagefindOptions(state) {
    var filters = {};
    FACETS.forEach(function (facet) {
      var values = state.filters[facet.name] || [];
      if (values.length) {
        var clause = {};
        // Actors and topics narrow (an article mentioning all of them); an article has one outlet and year.
        clause[facet.mode] = values.slice();
        filters[facet.name] = clause;
      }
    });
    var options = { filters: filters };
    if (state.sort) options.sort = { date: SORTS[state.sort] };
    return options;
  }

  function hasCriteria(state) {
    return Boolean(state.query.trim()) || FACETS.some(function (f) { return state.filters[f.name].length; });
  }

  function unique(values) {
    return values.filter(function (v, i) { return values.indexOf(v) === i; });
  }

  // ------------------------------------------------------------------ Pagefind

  var SCRIPT_URL = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : "";
  var pagefind = null;

  function loadPagefind() {
    if (!pagefind) {
      var url = new URL("../pagefind/pagefind.js", SCRIPT_URL || location.href).href;
      // filters() loads every filter's values once, so each search reports counts for all facets.
      pagefind = import(url).then(function (module) {
        return Promise.resolve(module.init()).then(function () { return module.filters(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  // ------------------------------------------------------------------ page

  function start(root) {
    var ctx = {
      root: root,
      state: readState(location.search),
      generation: 0,
      shown: PAGE_SIZE,
      expanded: {},
      narrow: {},
      timer: null
    };
    var input = root.querySelector("[name=query]");
    var sort = root.querySelector("[name=sort]");
    input.value = ctx.state.query;
    sort.value = ctx.state.sort;
    root.addEventListener("submit", function (event) { event.preventDefault(); update(ctx, 0); });
    input.addEventListener("input", function () {
      ctx.state.query = input.value;
      update(ctx, 250);
    });
    sort.addEventListener("change", function () {
      ctx.state.sort = sort.value;
      update(ctx, 0);
    });
    root.querySelector(".fs-more").addEventListener("click", function () {
      ctx.shown += PAGE_SIZE;
      run(ctx);
    });
    root.querySelector(".fs-clear").addEventListener("click", function () {
      ctx.state = readState("");
      input.value = "";
      sort.value = "";
      update(ctx, 0);
    });
    wireNarrowing(ctx);
    setStatus(ctx, "Loading the search index…");
    loadPagefind().then(function () { run(ctx); }, function () {
      setStatus(ctx, "The search index is missing: build the site with `make site` (Pagefind runs at the end of the build).");
    });
    return ctx;
  }

  function update(ctx, delay) {
    clearTimeout(ctx.timer);
    ctx.shown = PAGE_SIZE;
    var url = location.pathname + stateToSearch(ctx.state) + location.hash;
    history.replaceState(history.state, "", url);
    ctx.timer = setTimeout(function () { run(ctx); }, delay);
  }

  function run(ctx) {
    var generation = ++ctx.generation;
    var state = ctx.state;
    return loadPagefind().then(function (pf) {
      if (!hasCriteria(state)) {
        return pf.filters().then(function (totals) {
          if (generation !== ctx.generation) return;
          renderFacets(ctx, totals);
          renderResults(ctx, [], 0);
          setStatus(ctx, "Type words to search for, or pick an actor, topic, outlet or year.");
        });
      }
      return pf.search(state.query.trim() || null, pagefindOptions(state)).then(function (search) {
        if (generation !== ctx.generation || !search) return;
        var page = search.results.slice(0, ctx.shown);
        return Promise.all(page.map(function (r) { return r.data(); })).then(function (data) {
          if (generation !== ctx.generation) return;
          renderFacets(ctx, search.filters);
          renderResults(ctx, data, search.results.length);
          var n = search.results.length;
          setStatus(ctx, n === 0 ? "No articles match." : n + (n === 1 ? " article matches." : " articles match."));
        });
      });
    });
  }

  // ------------------------------------------------------------------ rendering (DOM only, no innerHTML of data)

  function setStatus(ctx, text) {
    ctx.root.querySelector(".fs-status").textContent = text;
  }

  function renderResults(ctx, data, total) {
    var list = ctx.root.querySelector(".fs-results");
    list.replaceChildren.apply(list, data.map(resultItem));
    ctx.root.querySelector(".fs-more").hidden = data.length >= total;
  }

  function resultItem(result) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    var heading = document.createElement("p");
    heading.className = "fs-title";
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [result.meta && result.meta.date, result.meta && result.meta.outlet].filter(Boolean);
    if (meta.length) {
      var line = document.createElement("p");
      line.className = "fs-meta";
      line.textContent = meta.join(" · ");
      item.appendChild(line);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "fs-excerpt";
    appendExcerpt(excerpt, result.excerpt || "");
    item.appendChild(excerpt);
    return item;
  }

  // Pagefind marks matches with <mark>; keep those and turn everything else into plain text.
  function appendExcerpt(target, html) {
    var template = document.createElement("template");
    template.innerHTML = html;  // template content is inert: nothing loads or runs
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function renderFacets(ctx, counts) {
    FACETS.forEach(function (facet) {
      var box = ctx.root.querySelector('[data-facet="' + facet.name + '"] .fs-options');
      if (box) box.replaceChildren.apply(box, facetOptions(ctx, facet, counts[facet.name] || {}));
    });
  }

  function facetOptions(ctx, facet, counts) {
    var selected = ctx.state.filters[facet.name];
    var narrow = (ctx.narrow[facet.name] || "").toLocaleLowerCase();
    var values = Object.keys(counts).filter(function (v) {
      return counts[v] > 0 && selected.indexOf(v) < 0 && (!narrow || v.toLocaleLowerCase().indexOf(narrow) >= 0);
    });
    values.sort(facet.order === "value-desc"
      ? function (a, b) { return a < b ? 1 : a > b ? -1 : 0; }
      : function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); });
    var total = values.length;
    if (!ctx.expanded[facet.name]) values = values.slice(0, SHOWN_OPTIONS);
    var nodes = selected.concat(values).map(function (value) {
      return facetOption(ctx, facet, value, counts[value] || 0, selected.indexOf(value) >= 0);
    });
    if (total > SHOWN_OPTIONS) {
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "fs-toggle";
      toggle.textContent = ctx.expanded[facet.name] ? "Show fewer" : "Show all " + total;
      toggle.addEventListener("click", function () {
        ctx.expanded[facet.name] = !ctx.expanded[facet.name];
        run(ctx);
      });
      nodes.push(toggle);
    }
    return nodes;
  }

  function facetOption(ctx, facet, value, count, checked) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = facet.name;
    box.value = value;
    box.checked = checked;
    box.addEventListener("change", function () {
      var values = ctx.state.filters[facet.name];
      ctx.state.filters[facet.name] = box.checked
        ? unique(values.concat([value]))
        : values.filter(function (v) { return v !== value; });
      update(ctx, 0);
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + value + " "));
    var number = document.createElement("span");
    number.className = "fs-count";
    number.textContent = String(count);
    label.appendChild(number);
    return label;
  }

  function wireNarrowing(ctx) {
    ctx.root.querySelectorAll("[data-facet] .fs-narrow").forEach(function (field) {
      var name = field.closest("[data-facet]").getAttribute("data-facet");
      field.addEventListener("input", function () {
        ctx.narrow[name] = field.value;
        run(ctx);
      });
    });
  }

  // ------------------------------------------------------------------ boot

  function boot() {
    var root = document.getElementById("faceted-search");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    start(root);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { readState: readState, stateToSearch: stateToSearch, pagefindOptions: pagefindOptions,
                       hasCriteria: hasCriteria };
    return;
  }
  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(boot);  // every page load, instant or not
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
