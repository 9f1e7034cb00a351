// Tocsin's charts, read by hover, tap or keyboard, zoomed by dragging.
// Works over the server-drawn SVG (svg.chart with data- attributes written by SVGChart):
// the page reads in full without this script; with it, a reader can take a value at a
// moment (UTC and local time, each line's value and % of normal) and drag across a chart
// to open that range, whose address is the permalink. No framework, no build step.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";

  function numbers(text) {
    if (!text) return [];
    return text.split(",").map(function (s) { return s === "" ? null : Number(s); });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // "2022-01-05 10:30" for a Unix time shifted by offset seconds.
  function clock(t, offset) {
    const d = new Date((t + offset) * 1000);
    if (!isFinite(d.getTime())) return "–";
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " +
      pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  // null for a time no Date can hold.
  function iso(t) {
    const d = new Date(t * 1000);
    return isFinite(d.getTime()) ? d.toISOString().replace(".000Z", "Z") : null;
  }

  function readLines(svg) {
    return Array.prototype.map.call(svg.querySelectorAll("path.line"), function (path) {
      const values = numbers(path.getAttribute("data-v"));
      let times;
      if (path.hasAttribute("data-t")) {
        times = numbers(path.getAttribute("data-t"));
      } else {
        const t0 = Number(path.getAttribute("data-t0")), step = Number(path.getAttribute("data-step"));
        times = values.map(function (_, i) { return t0 + i * step; });
      }
      return {
        label: path.getAttribute("data-label") || "",
        colour: path.getAttribute("stroke"),
        times: times,
        values: values,
        raw: path.hasAttribute("data-raw") ? numbers(path.getAttribute("data-raw")) : null
      };
    });
  }

  // The index of the time nearest t (times ascending), or -1.
  function nearest(times, t) {
    let lo = 0, hi = times.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) lo = mid + 1; else hi = mid;
    }
    if (lo > 0 && Math.abs(times[lo - 1] - t) <= Math.abs(times[lo] - t)) lo -= 1;
    return lo;
  }

  function format(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    const a = Math.abs(v);
    return a >= 100 ? String(Math.round(v)) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  function attach(svg) {
    const g = {
      from: Number(svg.dataset.from), until: Number(svg.dataset.until),
      left: Number(svg.dataset.left), top: Number(svg.dataset.top),
      width: Number(svg.dataset.plotWidth), height: Number(svg.dataset.plotHeight)
    };
    const unit = svg.dataset.unit || "";
    const offset = svg.hasAttribute("data-utc-offset") ? Number(svg.dataset.utcOffset) : null;
    const zone = svg.dataset.zone || "";
    // The line with the most points sets the moments the read-out steps through.
    const lines = readLines(svg).filter(function (line) { return line.times.length > 0; });
    if (!lines.length || !(g.until > g.from)) return;
    const reference = lines.reduce(function (a, b) { return b.times.length > a.times.length ? b : a; });

    const cursor = document.createElementNS(SVG, "line");
    cursor.setAttribute("class", "cursor");
    cursor.setAttribute("y1", g.top);
    cursor.setAttribute("y2", g.top + g.height);
    cursor.setAttribute("stroke", "#333");
    cursor.setAttribute("stroke-dasharray", "3 2");
    cursor.setAttribute("visibility", "hidden");
    const selection = document.createElementNS(SVG, "rect");
    selection.setAttribute("class", "selection");
    selection.setAttribute("y", g.top);
    selection.setAttribute("height", g.height);
    selection.setAttribute("fill", "#0072B2");
    selection.setAttribute("fill-opacity", "0.15");
    selection.setAttribute("visibility", "hidden");
    svg.appendChild(selection);
    svg.appendChild(cursor);

    const frame = svg.parentNode;
    const tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.setAttribute("role", "status");
    tip.hidden = true;
    frame.appendChild(tip);
    svg.setAttribute("tabindex", "0");
    svg.style.touchAction = "pan-y";

    function plotX(event) {
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const matrix = svg.getScreenCTM();
      return matrix ? point.matrixTransform(matrix.inverse()).x : 0;
    }
    function timeAt(x) {
      const share = Math.min(Math.max((x - g.left) / g.width, 0), 1);
      return g.from + share * (g.until - g.from);
    }
    function xAt(t) { return g.left + g.width * (t - g.from) / (g.until - g.from); }

    let shownTime = null;
    function show(t) {
      const index = nearest(reference.times, t);
      if (index < 0) return;
      const at = reference.times[index];
      shownTime = at;
      cursor.setAttribute("x1", xAt(at));
      cursor.setAttribute("x2", xAt(at));
      cursor.setAttribute("visibility", "visible");
      tip.textContent = "";
      const when = document.createElement("div");
      when.className = "chart-tip-time";
      when.textContent = clock(at, 0) + " UTC" + (offset === null ? "" : " · " + clock(at, offset) + " " + zone);
      tip.appendChild(when);
      lines.forEach(function (line) {
        const i = nearest(line.times, at);
        const row = document.createElement("div");
        const swatch = document.createElement("span");
        swatch.className = "chart-tip-swatch";
        swatch.style.background = line.colour;
        row.appendChild(swatch);
        const v = i >= 0 ? line.values[i] : null;
        let text = line.label + ": " + format(v) + " " + unit;
        if (line.raw && i >= 0) text += " (" + format(line.raw[i]) + ")";
        row.appendChild(document.createTextNode(text));
        tip.appendChild(row);
      });
      tip.hidden = false;
      const box = svg.getBoundingClientRect();
      const px = (xAt(at) / svg.viewBox.baseVal.width) * box.width;
      tip.style.left = Math.max(0, Math.min(px + 12, box.width - tip.offsetWidth)) + "px";
      tip.style.top = "0px";
    }
    function hide() {
      cursor.setAttribute("visibility", "hidden");
      tip.hidden = true;
      shownTime = null;
    }

    let dragFrom = null;
    svg.addEventListener("pointerdown", function (event) {
      dragFrom = plotX(event);
      if (svg.setPointerCapture) svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      const x = plotX(event);
      if (dragFrom !== null && Math.abs(x - dragFrom) > 3) {
        const a = Math.max(Math.min(dragFrom, x), g.left), b = Math.min(Math.max(dragFrom, x), g.left + g.width);
        selection.setAttribute("x", a);
        selection.setAttribute("width", Math.max(b - a, 0));
        selection.setAttribute("visibility", "visible");
      }
      show(timeAt(x));
    });
    svg.addEventListener("pointerup", function (event) {
      const x = plotX(event);
      const start = dragFrom;
      dragFrom = null;
      selection.setAttribute("visibility", "hidden");
      if (start === null || Math.abs(x - start) <= 3) { show(timeAt(x)); return; }
      // Whole 5-minute bins, so the address reads as a range.
      const t0 = Math.floor(timeAt(Math.min(start, x)) / 300) * 300, t1 = Math.ceil(timeAt(Math.max(start, x)) / 300) * 300;
      const base = svg.dataset.zoom;
      if (!base || t1 - t0 < 600 || iso(t0) === null || iso(t1) === null) return;
      window.location.href = base + (base.indexOf("?") < 0 ? "?" : "&") + "from=" + iso(t0) + "&until=" + iso(t1);
    });
    svg.addEventListener("pointerleave", function () { if (dragFrom === null) hide(); });
    svg.addEventListener("keydown", function (event) {
      const times = reference.times;
      let i = shownTime === null ? times.length - 1 : nearest(times, shownTime);
      if (event.key === "ArrowLeft") i = Math.max(0, i - 1);
      else if (event.key === "ArrowRight") i = Math.min(times.length - 1, i + 1);
      else if (event.key === "Escape") { hide(); return; }
      else return;
      event.preventDefault();
      show(times[i]);
    });
    svg.addEventListener("blur", hide);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("svg.chart[data-from]"), attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
