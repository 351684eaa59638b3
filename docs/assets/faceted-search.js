/* The site's one search engine, Pagefind, behind two boxes: the header's on every page (`startHeaderSearch`,
 * the theme's markup in build_tools/theme/partials/search.html) and the faceted search page's.
 *
 * Faceted search page (docs/search.md): a Pagefind query combined with actor, topic,
 * outlet, year and language filters. The state lives in the URL (?query=...&actor=...&topic=...),
 * restored on load and kept current with history.replaceState, so a filtered search
 * can be linked. The Pagefind bundle (site/pagefind/, generated at build time) is
 * loaded from beside this script's folder, so the site works from a sub-path and
 * offline. The query parameter is "query", not "q": Material opens its own search
 * dialog when a page's URL has ?q=.
 *
 * What a first query downloads is kept small (issue #6: under 500 kB at 10,000 articles):
 * - Before anything is searched, the facets show the collection's totals from
 *   pagefind/facets.json (written at build time, build_tools/search/pagefind.py), and
 *   Pagefind itself is only fetched once the reader focuses the search box or picks a value.
 * - Counting a facet within the results needs that filter's whole chunk (Pagefind counts
 *   every loaded filter on every search). Facets whose chunks are small together
 *   (FACET_BUDGET) are counted with every search; the others (at 10,000 articles the
 *   actors, a 450 kB chunk) are counted once the reader asks for them, types in their
 *   "Find" box, or filters by them.
 * - Results carry their text in one fragment each: the first few are fetched before the
 *   list is shown, the rest of the page as they scroll into view.
 * - Filters without words search for EVERY_ARTICLE, a word every article page carries as
 *   metadata: Pagefind 1.5.2 answers a search without words by fetching the whole index.
 *
 * Pagefind indexes each language apart, each with its stemmer (an article's search document has
 * its <html lang>), and one Pagefind searches one language's index with that language's stemmer:
 * one merged with mergeIndex searches another language's index with the first one's stemmer, and
 * found Russian "помощь" in no Russian article. So the page runs one Pagefind per language of the
 * bundle (pagefind-entry.json), each imported under its own URL, and merges their answers
 * (`mergedResults`, `mergeCounts`).
 */
(function () {
  "use strict";

  var FACETS = [
    { name: "actor", label: "Actors", mode: "all", order: "count" },
    { name: "quoted", label: "Quoted", mode: "all", order: "count" },
    { name: "topic", label: "Topics", mode: "all", order: "count" },
    { name: "outlet", label: "Outlets", mode: "any", order: "count" },
    { name: "outlet_kind", label: "Outlet kinds", mode: "any", order: "count" },
    { name: "year", label: "Years", mode: "any", order: "value-desc" },
    { name: "language", label: "Languages", mode: "any", order: "count" }
  ];
  var SORTS = { newest: "desc", oldest: "asc" };
  var PAGE_SIZE = 20;
  var FIRST_RESULTS = 5;
  var SHOWN_OPTIONS = 12;
  var FACET_BUDGET = 64000;
  var EVERY_ARTICLE = "zzzeveryarticle";  // build_tools/search/facets.py EVERY_ARTICLE

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

  // `counted`: facets to count within the results. Naming a filter makes Pagefind load its chunk;
  // an empty list of values constrains nothing.
  function pagefindOptions(state, counted) {
    var filters = {};
    FACETS.forEach(function (facet) {
      var values = state.filters[facet.name] || [];
      if (values.length) {
        var clause = {};
        // Actors and topics narrow (an article mentioning all of them); an article has one outlet and year.
        clause[facet.mode] = values.slice();
        filters[facet.name] = clause;
      } else if (counted && counted.indexOf(facet.name) >= 0) {
        filters[facet.name] = [];
      }
    });
    var options = { filters: filters };
    var order = effectiveSort(state);
    if (order) options.sort = { date: SORTS[order] };
    return options;
  }

  // Without words every article matches alike, and Pagefind ranks the shortest first: list them newest first.
  function effectiveSort(state) {
    return state.sort || (state.query.trim() ? "" : "newest");
  }

  function searchTerm(state) {
    return state.query.trim() || EVERY_ARTICLE;
  }

  function hasCriteria(state) {
    return Boolean(state.query.trim()) || FACETS.some(function (f) { return state.filters[f.name].length; });
  }

  // The facets counted with every search: the smallest chunks first, while they fit the budget.
  // Without a summary (an older bundle), all of them, as Pagefind's own filters() would.
  function countedFacets(summary, budget) {
    if (!summary) return FACETS.map(function (f) { return f.name; });
    var left = budget;
    return FACETS.map(function (f) { return { name: f.name, bytes: summary[f.name] ? summary[f.name].bytes : 0 }; })
      .sort(function (a, b) { return a.bytes - b.bytes; })
      .filter(function (f) {
        if (f.bytes > left) return false;
        left -= f.bytes;
        return true;
      })
      .map(function (f) { return f.name; });
  }

  // A URL's filter values as the index spells them, matched by their slug: "?actor=uzbekistan" (as in the
  // actor page's address) or "?actor=UZBEKISTAN" filter by "Uzbekistan". Unknown values stay as written.
  function canonicalFilters(filters, summary) {
    var fixed = {};
    FACETS.forEach(function (facet) {
      var known = {};
      Object.keys((summary && summary[facet.name] && summary[facet.name].values) || {}).forEach(function (value) {
        known[slug(value)] = value;
      });
      fixed[facet.name] = unique((filters[facet.name] || []).map(function (value) {
        var key = slug(value);
        return Object.prototype.hasOwnProperty.call(known, key) ? known[key] : value;
      }));
    });
    return fixed;
  }

  // Like python-slugify's for plain Latin names: accents dropped, lower case, other characters to "-".
  function slug(value) {
    return value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  }

  function unique(values) {
    return values.filter(function (v, i) { return values.indexOf(v) === i; });
  }

  // ------------------------------------------------------------------ Pagefind and the facet summary

  var SCRIPT_URL = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : "";
  var pagefind = null;
  var summary = null;

  function bundleUrl(name) {
    return new URL("../pagefind/" + name, SCRIPT_URL || location.href).href;
  }

  // One searcher over every bundle's every language: {search(term, options), filters()} as Pagefind's, but its
  // results are a `mergedResults` list. Past a size, the search documents are indexed in parts, each its own
  // bundle (build_tools/search/pagefind.py); bundles.json lists them: [{folder ("" for the one bundle), sorts}].
  function loadPagefind() {
    if (!pagefind) {
      pagefind = fetchJson(bundleUrl("bundles.json"))
        .then(function (bundles) { return Promise.all(bundles.map(loadBundle)); })
        .then(function (indexes) { return searcher([].concat.apply([], indexes)); });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) { return response.json(); });
  }

  // A bundle's indexes, one per language of its pagefind-entry.json: {pagefind: its module, dated: whether any of
  // its pages has a date to sort by}.
  function loadBundle(bundle) {
    return fetchJson(bundleUrl(bundle.folder + "pagefind-entry.json")).then(function (entry) {
      return Promise.all(Object.keys(entry.languages).sort().map(function (code) {
        return loadLanguage(bundle.folder, code).then(function (module) { return { pagefind: module, dated: bundle.sorts > 0 }; });
      }));
    });
  }

  // A Pagefind for one language of one bundle: a module of its own (its own WebAssembly, with the language's
  // stemmer). Pagefind takes the language from the page's <html lang> when it starts, which the site's is English.
  function loadLanguage(folder, code) {
    return import(bundleUrl(folder + "pagefind.js") + "?language=" + encodeURIComponent(code)).then(function (module) {
      var html = document.documentElement;
      var own = html.lang;
      html.lang = code;
      var started;
      try {
        started = module.init();  // reads <html lang> before its first await
      } finally {
        html.lang = own;
      }
      return Promise.resolve(started).then(function () { return module; });
    });
  }

  // Sorted, Pagefind leaves out the pages without the sort's key; an index none of whose pages has a date ignores
  // the sort instead, so its results are left out when another index is dated, as one index over every article
  // would have left out its pages.
  function searcher(indexes) {
    var modules = indexes.map(function (index) { return index.pagefind; });
    var dated = indexes.some(function (index) { return index.dated; });
    return {
      search: function (term, options) {
        var asked = Promise.all(modules.map(function (m) { return m.search(term, options); }));
        return Promise.all([asked, heldWords(modules, term)]).then(function (answers) {
          var found = answers[0].map(function (f, i) {
            if (!answersAll(answers[1], i)) return { results: [], filters: {} };
            // Pagefind counts the filters of the pages a sort left out, as it would in one index.
            return !options.sort || !dated || indexes[i].dated ? f : { results: [], filters: f.filters };
          });
          return {
            results: mergedResults(found.map(function (f) { return f.results; }), options.sort),
            filters: mergeCounts(found.map(function (f) { return f.filters; }))
          };
        });
      },
      filters: function () {
        return Promise.all(modules.map(function (m) { return m.filters(); })).then(mergeCounts);
      }
    };
  }

  // Pagefind leaves out of a query the words its index does not hold: an index (a bundle's language) without
  // one of several words answers for the others. For a query of several words, which words each index holds
  // ([index][word] true or false; null for one word): each word searched alone, from the chunks the query loaded.
  function heldWords(modules, term) {
    var words = term.trim().split(/\s+/);
    if (words.length < 2) return Promise.resolve(null);
    return Promise.all(modules.map(function (m) {
      return Promise.all(words.map(function (word) {
        return m.search(word).then(function (found) { return found.results.length > 0; });
      }));
    }));
  }

  // Whether index `i`'s answer stands: it holds every word that some index holds, as one index over every
  // article would have searched for all of those.
  function answersAll(held, i) {
    return !held || held[i].every(function (has, k) {
      return has || !held.some(function (row) { return row[k]; });
    });
  }

  // {filter: {value: n}} of each language, summed.
  function mergeCounts(counts) {
    var merged = {};
    counts.forEach(function (byFilter) {
      Object.keys(byFilter || {}).forEach(function (name) {
        var into = merged[name] = merged[name] || {};
        Object.keys(byFilter[name]).forEach(function (value) {
          into[value] = (into[value] || 0) + byFilter[name][value];
        });
      });
    });
    return merged;
  }

  // Each language's results as one list: {length, upTo(n) -> promise of the first n}. By relevance they are
  // ordered by score, as Pagefind orders merged indexes. Sorted by date, each language's list is in order but
  // its scores only rank within it, so the lists are merged by the dates of their heads: the first n cost
  // the data of n results and of the next one in each list, fetched in turn.
  function mergedResults(lists, sort) {
    var filled = lists.filter(function (list) { return list.length; });
    var length = filled.reduce(function (n, list) { return n + list.length; }, 0);
    if (!sort || filled.length < 2) {
      var all = [].concat.apply([], filled);
      if (filled.length > 1) all.sort(function (a, b) { return b.score - a.score; });
      return { length: length, upTo: function (n) { return Promise.resolve(all.slice(0, n)); } };
    }
    var newestFirst = sort.date === "desc";
    var next = filled.map(function () { return 0; });
    var merged = [];
    var growing = Promise.resolve();
    function grow(n) {
      if (merged.length >= Math.min(n, length)) return Promise.resolve();
      var heads = filled.map(function (list, i) { return next[i] < list.length ? list[next[i]] : null; });
      return Promise.all(heads.map(function (r) { return r ? resultData(r) : null; })).then(function (data) {
        var best = -1;
        data.forEach(function (d, i) {
          if (d && (best < 0 || comesFirst(dateOf(d), dateOf(data[best]), newestFirst))) best = i;
        });
        merged.push(heads[best]);
        next[best] += 1;
        return grow(n);
      });
    }
    return {
      length: length,
      upTo: function (n) {
        growing = growing.then(function () { return grow(n); });
        return growing.then(function () { return merged.slice(0, n); });
      }
    };
  }

  function dateOf(data) {
    return (data.meta && data.meta.date) || "";
  }

  // Undated articles come last either way, as in each language's list.
  function comesFirst(date, than, newestFirst) {
    if (!date || !than) return Boolean(date) && !than;
    return newestFirst ? date > than : date < than;
  }

  // {facet: {bytes, values: {value: articles}}}, or null when the bundle has no summary.
  function loadSummary() {
    if (!summary) {
      summary = fetch(bundleUrl("facets.json"))
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return summary;
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
      timer: null,
      ready: null,
      summary: null,
      counted: [],
      counts: {},
      results: [],
      observer: null
    };
    var input = root.querySelector("[name=query]");
    var sort = root.querySelector("[name=sort]");
    input.value = ctx.state.query;
    sort.value = ctx.state.sort;
    root.addEventListener("submit", function (event) { event.preventDefault(); update(ctx, 0); });
    input.addEventListener("focus", function () { loadPagefind().catch(function () {}); });
    input.addEventListener("input", function () {
      ctx.state.query = input.value;
      update(ctx, 250);
    });
    sort.addEventListener("change", function () {
      ctx.state.sort = sort.value;
      update(ctx, 0);
    });
    root.querySelector(".fs-more").addEventListener("click", function () {
      var from = ctx.shown;
      ctx.shown += PAGE_SIZE;
      renderResults(ctx, ctx.generation, from);
    });
    root.querySelector(".fs-clear").addEventListener("click", function () {
      ctx.state = readState("");
      input.value = "";
      sort.value = "";
      update(ctx, 0);
    });
    wireNarrowing(ctx);
    wireFilterButton(ctx);
    setStatus(ctx, "Loading the search index…");
    // Pagefind is fetched alongside the summary only when there is something to search for.
    if (hasCriteria(ctx.state)) loadPagefind().catch(function () {});
    ctx.ready = loadSummary().then(function (found) {
      ctx.summary = found;
      ctx.counted = countedFacets(found, FACET_BUDGET);
      ctx.state.filters = canonicalFilters(ctx.state.filters, found);
      keepInUrl(ctx.state);
    });
    run(ctx);
    return ctx;
  }

  function update(ctx, delay) {
    clearTimeout(ctx.timer);
    ctx.shown = PAGE_SIZE;
    keepInUrl(ctx.state);
    ctx.timer = setTimeout(function () { run(ctx); }, delay);
  }

  function keepInUrl(state) {
    history.replaceState(history.state, "", location.pathname + stateToSearch(state) + location.hash);
  }

  function count(ctx, name) {
    if (ctx.counted.indexOf(name) < 0) {
      ctx.counted.push(name);
      renderFacets(ctx);
      run(ctx);
    }
  }

  function run(ctx) {
    var generation = ++ctx.generation;
    return ctx.ready.then(function () {
      if (generation === ctx.generation) return ask(ctx, generation);
    });
  }

  function ask(ctx, generation) {
    var state = ctx.state;
    if (!hasCriteria(state) && ctx.summary) {
      ctx.counts = totals(ctx.summary);
      showResults(ctx, generation, []);
      setStatus(ctx, "Type words to search for, or pick an actor, topic, outlet, year or language.");
      return Promise.resolve();
    }
    return loadPagefind().then(function (pf) {
      if (!hasCriteria(state)) {
        return pf.filters().then(function (counts) {
          if (generation !== ctx.generation) return;
          ctx.counts = counts;
          showResults(ctx, generation, []);
          setStatus(ctx, "Type words to search for, or pick an actor, topic, outlet, year or language.");
        });
      }
      return pf.search(searchTerm(state), pagefindOptions(state, ctx.counted)).then(function (search) {
        if (generation !== ctx.generation || !search) return;
        // The first results' text is fetched before the list is shown; the rest as it scrolls into view.
        return search.results.upTo(FIRST_RESULTS).then(function (first) {
          return Promise.all(first.map(function (r) { return resultData(r); }));
        }).then(function () {
          if (generation !== ctx.generation) return;
          ctx.counts = search.filters;
          showResults(ctx, generation, search.results);
          var n = search.results.length;
          var order = !state.sort && effectiveSort(state) ? ", newest first" : "";
          setStatus(ctx, n === 0 ? "No articles match." : n + (n === 1 ? " article matches" : " articles match") + order + ".");
        });
      });
    }, function () {
      setStatus(ctx, "The search index is missing: build the site with `make site` (Pagefind runs at the end of the build).");
    });
  }

  function totals(found) {
    var counts = {};
    FACETS.forEach(function (facet) { counts[facet.name] = found[facet.name] ? found[facet.name].values : {}; });
    return counts;
  }

  // A result's data, fetched once (Pagefind's fragment of the page: title, meta, excerpt).
  function resultData(result) {
    if (!result.loading) result.loading = result.data();
    return result.loading;
  }

  // ------------------------------------------------------------------ rendering (DOM only, no innerHTML of data)

  function setStatus(ctx, text) {
    ctx.root.querySelector(".fs-status").textContent = text;
  }

  // `results`: a `mergedResults` list, or [] for none.
  function showResults(ctx, generation, results) {
    ctx.results = results.upTo ? results : mergedResults([], null);
    renderFacets(ctx);
    renderResults(ctx, generation, 0);
  }

  // Results [from, shown) as list items: appended, or the whole list when from is 0.
  function renderResults(ctx, generation, from) {
    var list = ctx.root.querySelector(".fs-results");
    if (!from) {
      if (ctx.observer) ctx.observer.disconnect();
      ctx.observer = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            ctx.observer.unobserve(entry.target);
            fill(ctx, generation, entry.target);
          }
        });
      }, { rootMargin: "0px 0px 300px 0px" }) : null;
      list.replaceChildren();
    }
    ctx.root.querySelector(".fs-more").hidden = ctx.shown >= ctx.results.length;
    ctx.results.upTo(ctx.shown).then(function (results) {
      if (generation === ctx.generation) appendResults(ctx, generation, list, results.slice(from || 0), from || 0);
    });
  }

  function appendResults(ctx, generation, list, results, from) {
    results.forEach(function (result, index) {
      var item = document.createElement("li");
      item.fsResult = result;
      list.appendChild(item);
      if (from + index < FIRST_RESULTS || !ctx.observer) {
        fill(ctx, generation, item);  // fetched before the list was shown, or no way to tell what is in view
      } else {
        item.className = "fs-pending";
        item.setAttribute("aria-busy", "true");
        ctx.observer.observe(item);
      }
    });
  }

  function fill(ctx, generation, item) {
    resultData(item.fsResult).then(function (data) {
      if (generation !== ctx.generation) return;
      item.replaceChildren.apply(item, resultContent(data));
      item.removeAttribute("class");
      item.removeAttribute("aria-busy");
    });
  }

  function resultContent(result) {
    var nodes = [];
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    var heading = document.createElement("p");
    heading.className = "fs-title";
    heading.appendChild(link);
    nodes.push(heading);
    var line = metaLine(result, ["date", "outlet", "language"], "fs-meta");
    if (line) nodes.push(line);
    var excerpt = document.createElement("p");
    excerpt.className = "fs-excerpt";
    appendExcerpt(excerpt, result.excerpt || "");
    nodes.push(excerpt);
    return nodes;
  }

  // A result's metadata `names` joined in one paragraph, or null when it has none of them.
  function metaLine(result, names, className) {
    var values = names.map(function (name) { return result.meta && result.meta[name]; }).filter(Boolean);
    if (!values.length) return null;
    var line = document.createElement("p");
    line.className = className;
    line.textContent = values.join(" · ");
    return line;
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

  function renderFacets(ctx) {
    var chosen = FACETS.reduce(function (n, f) { return n + ctx.state.filters[f.name].length; }, 0);
    ctx.root.querySelector(".fs-show-filters").textContent = chosen ? "Filters (" + chosen + ")" : "Filters";
    FACETS.forEach(function (facet) {
      var box = ctx.root.querySelector('[data-facet="' + facet.name + '"] .fs-options');
      if (!box) return;
      var counts = ctx.counts[facet.name];
      box.replaceChildren.apply(box, counts ? facetOptions(ctx, facet, counts) : facetCounter(ctx, facet));
    });
  }

  // A facet not counted yet: a button that counts it, with the size of what that downloads.
  function facetCounter(ctx, facet) {
    var known = ctx.summary && ctx.summary[facet.name];
    if (!known || !Object.keys(known.values).length) return [];  // no article has a value: nothing to count
    var label = facet.label.toLocaleLowerCase();
    if (ctx.counted.indexOf(facet.name) >= 0) {  // the search under way counts it
      var wait = document.createElement("span");
      wait.className = "fs-count";
      wait.textContent = "Counting " + label + "…";
      return [wait];
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fs-toggle fs-count-facet";
    button.textContent = "Count " + label + " in these results";
    var size = document.createElement("span");
    size.className = "fs-count";
    size.textContent = " (" + Math.max(1, Math.round(known.bytes / 1000)) + " kB)";
    button.appendChild(size);
    button.addEventListener("click", function () { count(ctx, facet.name); });
    return [button];
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
        renderFacets(ctx);
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

  // Typing in a facet's "Find" box narrows its list; for a facet not counted yet, it counts it first.
  function wireNarrowing(ctx) {
    ctx.root.querySelectorAll("[data-facet] .fs-narrow").forEach(function (field) {
      var name = field.closest("[data-facet]").getAttribute("data-facet");
      field.addEventListener("input", function () {
        ctx.narrow[name] = field.value;
        if (ctx.counts[name] || !hasCriteria(ctx.state)) renderFacets(ctx);
        else count(ctx, name);
      });
    });
  }

  // The button that shows and hides the facets on a narrow screen (the stylesheet hides it elsewhere).
  function wireFilterButton(ctx) {
    var button = ctx.root.querySelector(".fs-show-filters");
    var facets = ctx.root.querySelector(".fs-facets");
    button.addEventListener("click", function () {
      var open = facets.classList.toggle("fs-open");
      button.setAttribute("aria-expanded", String(open));
    });
  }

  // ------------------------------------------------------------------ the header's search box (every page)

  // Material's search box and result list (theme partials/search.html), searched with the same Pagefind as the
  // search page: nothing is fetched before the reader opens the box, the first results come as they type, and
  // the keys work as the theme's (/ or s to open, arrows through the results, Escape to close). Enter on the
  // box opens the search page with the query.
  var HEADER_RESULTS = 8;

  function startHeaderSearch(form) {
    var toggle = document.getElementById("__search");
    var input = form.querySelector("[name=query]");
    var output = document.getElementById("site-search-results");
    var meta = output.querySelector(".md-search-result__meta");
    var list = output.querySelector(".md-search-result__list");
    var placeholder = meta.textContent;
    var generation = 0;
    var timer = null;

    function open() {
      toggle.checked = true;
      input.focus();
      input.select();
      loadPagefind().catch(function () {});
    }
    function close() {
      toggle.checked = false;
      input.blur();
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }
    function show(query) {
      var asked = ++generation;
      if (!query.trim()) {
        meta.textContent = placeholder;
        list.replaceChildren();
        return;
      }
      loadPagefind().then(function (pf) {
        return pf.search(query, {}).then(function (search) {
          return search.results.upTo(HEADER_RESULTS).then(function (first) {
            return Promise.all(first.map(resultData)).then(function (data) {
              if (asked !== generation) return;
              var n = search.results.length;
              meta.textContent = n === 0 ? "No matching articles" : n + (n === 1 ? " matching article" : " matching articles");
              list.replaceChildren.apply(list, data.map(headerResult));
            });
          });
        });
      }).catch(function () {
        if (asked === generation) meta.textContent = "The search index is missing.";
      });
    }

    toggle.addEventListener("change", function () { if (toggle.checked) open(); });
    input.addEventListener("focus", function () { if (!toggle.checked) open(); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 150);
    });
    form.addEventListener("reset", function () { setTimeout(function () { show(""); input.focus(); }, 0); });
    form.addEventListener("submit", function (event) {
      var first = links()[0];
      if (!first && input.value.trim()) return;  // the search page, with the query
      event.preventDefault();
      if (first) first.click();
    });
    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      var typing = event.target instanceof HTMLElement && (event.target.isContentEditable ||
        /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName));
      if (!toggle.checked) {
        if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
          event.preventDefault();
          open();
        }
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var all = [input].concat(links());
        var at = all.indexOf(document.activeElement);
        event.preventDefault();
        all[(Math.max(0, at) + all.length + (event.key === "ArrowUp" ? -1 : 1)) % all.length].focus();
      }
    });
  }

  // One result as the theme draws it: title, date and outlet, and the excerpt with its <mark>s.
  function headerResult(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    var line = metaLine(data, ["date", "outlet"], "site-search__meta");
    if (line) article.appendChild(line);
    var excerpt = document.createElement("p");
    appendExcerpt(excerpt, data.excerpt || "");
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // ------------------------------------------------------------------ boot

  function boot() {
    var header = document.forms.namedItem("site-search");
    if (header && !header.getAttribute("data-ready")) {
      header.setAttribute("data-ready", "true");
      startHeaderSearch(header);
    }
    var root = document.getElementById("faceted-search");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    start(root);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { readState: readState, stateToSearch: stateToSearch, pagefindOptions: pagefindOptions,
                       hasCriteria: hasCriteria, searchTerm: searchTerm, countedFacets: countedFacets,
                       canonicalFilters: canonicalFilters, mergeCounts: mergeCounts, mergedResults: mergedResults,
                       EVERY_ARTICLE: EVERY_ARTICLE, FACET_BUDGET: FACET_BUDGET };
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
