/* CyberSudoe widget. Paste <div class="cybersudoe-widget" data-...></div> and this script.
 * Renders into a shadow root; no cookies, no storage, no third-party requests.
 * Restyle: CSS custom properties on the div (--cybersudoe-accent, --cybersudoe-text,
 * --cybersudoe-muted, --cybersudoe-background, --cybersudoe-border, --cybersudoe-radius,
 * --cybersudoe-font), ::part(container|title|list|item|link|meta|summary|badge|more|empty),
 * or data-style="none" to start from no styles at all. */
(function () {
  "use strict";
  var BASE = "{{ base_url|escapejs }}";
  var PARAMS = ["content", "type", "theme", "partner", "lang", "fallback", "limit"];
  var STYLE =
    ":host{display:block;font-family:var(--cybersudoe-font,inherit);color:var(--cybersudoe-text,inherit)}" +
    "[part=container]{background:var(--cybersudoe-background,transparent);border:1px solid var(--cybersudoe-border,#d0d7de);border-radius:var(--cybersudoe-radius,8px);padding:1em}" +
    "[part=title]{margin:0 0 .6em;font-size:1.1em}" +
    "[part=list]{list-style:none;margin:0;padding:0}" +
    "[part=item]{padding:.5em 0;border-top:1px solid var(--cybersudoe-border,#d0d7de)}" +
    "[part=item]:first-child{border-top:0}" +
    "[part=link]{color:var(--cybersudoe-accent,#0b5cad);font-weight:600;text-decoration:none}" +
    "[part=link]:hover,[part=link]:focus{text-decoration:underline}" +
    "[part=meta],[part=empty]{color:var(--cybersudoe-muted,#57606a);font-size:.85em;margin:.2em 0 0}" +
    "[part=summary]{margin:.2em 0 0;font-size:.95em}" +
    "[part=badge]{display:inline-block;margin-left:.4em;padding:0 .4em;border-radius:4px;font-size:.75em;background:var(--cybersudoe-border,#d0d7de)}" +
    "[part=more]{display:inline-block;margin-top:.6em;color:var(--cybersudoe-accent,#0b5cad)}";

  function el(tag, part, text) {
    var node = document.createElement(tag);
    if (part) node.setAttribute("part", part);
    if (text) node.textContent = text;
    return node;
  }

  function render(host, root, data) {
    root.textContent = "";
    if (host.getAttribute("data-style") !== "none") {
      var style = document.createElement("style");
      style.textContent = STYLE;
      root.appendChild(style);
    }
    var section = el("section", "container");
    section.setAttribute("lang", data.locale.requested);
    section.setAttribute("aria-label", data.labels.title);
    section.appendChild(el("h2", "title", host.getAttribute("data-title") || data.labels.title));
    if (!data.items.length) {
      section.appendChild(el("p", "empty", data.labels.empty));
    } else {
      var list = el("ul", "list");
      data.items.forEach(function (item) {
        var li = el("li", "item");
        li.setAttribute("data-type", item.type);
        var link = el("a", "link", item.title);
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.setAttribute("hreflang", item.locale);
        li.appendChild(link);
        if (item.fallback) {
          var badge = el("span", "badge", item.locale.toUpperCase());
          badge.title = data.labels.fallback;
          li.appendChild(badge);
        }
        var meta = el("p", "meta");
        var time = el("time", null, item.date_label || item.type_label);
        if (item.date) time.setAttribute("datetime", item.date);
        meta.appendChild(time);
        li.appendChild(meta);
        if (item.summary && host.getAttribute("data-summary") !== "false") {
          li.appendChild(el("p", "summary", item.summary));
        }
        list.appendChild(li);
      });
      section.appendChild(list);
    }
    if (data.more_url) {
      var more = el("a", "more", data.labels.more);
      more.href = data.more_url;
      more.target = "_blank";
      more.rel = "noopener";
      section.appendChild(more);
    }
    root.appendChild(section);
  }

  function load(host) {
    if (host.getAttribute("data-cybersudoe-ready")) return;
    host.setAttribute("data-cybersudoe-ready", "loading");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var query = PARAMS.filter(function (name) {
      return host.hasAttribute("data-" + name);
    }).map(function (name) {
      return encodeURIComponent(name) + "=" + encodeURIComponent(host.getAttribute("data-" + name));
    }).join("&");
    fetch(BASE + "/widgets/items.json" + (query ? "?" + query : ""), {
      credentials: "omit",
      mode: "cors",
      referrerPolicy: "no-referrer"
    })
      .then(function (response) {
        if (!response.ok) throw new Error("CyberSudoe widget: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        render(host, root, data);
        host.setAttribute("data-cybersudoe-ready", "done");
      })
      .catch(function (error) {
        host.setAttribute("data-cybersudoe-ready", "error");
        if (window.console) console.warn(error);
      });
  }

  function start() {
    var hosts = document.querySelectorAll(".cybersudoe-widget");
    for (var i = 0; i < hosts.length; i++) load(hosts[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
