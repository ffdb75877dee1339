extension DashboardPage {
    /// The link and fault controls (through `PUT /_lab/link` and `PUT /_lab/faults`, as any
    /// client would) and the throughput chart.
    static let controlsScript = #"""
        const presets = JSON.parse($("presets").textContent);
        const LINK_KEYS = ["latency", "connect-latency", "jitter", "bandwidth", "link-bandwidth", "upload-bandwidth", "upload-link-bandwidth"];
        const UNITS = [["KB/s", 1e3], ["MB/s", 1e6], ["Mbit/s", 125000], ["KiB/s", 1024], ["MiB/s", 1048576]];
        const DURATIONS = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, "": 1e-3 };
        const RATES = { "b/s": 1, "kbit/s": 125, "kb/s": 1e3, "kib/s": 1024, "mbit/s": 125000, "mb/s": 1e6, "mib/s": 1048576, "gbit/s": 1.25e8, "gb/s": 1e9, "gib/s": 1073741824 };
        let linkDirty = false, faultsDirty = false;

        for (const id of ["bandwidth-unit", "link-bandwidth-unit"]) {
          for (const [name] of UNITS) $(id).add(new Option(name, name));
        }
        for (const p of presets) {
          const option = new Option(p.name, p.name);
          option.title = p.summary;
          $("preset").add(option);
        }

        const tidy = (n) => Number(n.toFixed(6));
        function parseDuration(text) {
          const m = /^([0-9.]+)\s*([a-zµ]*)$/i.exec(String(text).trim());
          return m && (m[2].toLowerCase() in DURATIONS) ? Number(m[1]) * DURATIONS[m[2].toLowerCase()] : 0;
        }
        function parseRate(text) {
          if (!text || text === "none") return null;
          const m = /^([0-9.e+]+)\s*([a-z/]*)$/i.exec(String(text).trim());
          if (!m) return null;
          const unit = m[2] === "" ? "b/s" : m[2].toLowerCase();
          return unit in RATES ? Number(m[1]) * RATES[unit] : null;
        }
        function parseJitter(text) {
          if (!text || text === "none") return { kind: "uniform", seconds: 0 };
          const [kind, amount] = text.includes(":") ? text.split(":") : ["uniform", text];
          return { kind, seconds: parseDuration(amount) };
        }
        function presetName(link) {
          const match = presets.find((p) => LINK_KEYS.every((k) => (p.link[k] || "") === (link[k] || "")));
          return match ? match.name : "";
        }
        function describe(link) {
          const parts = LINK_KEYS.filter((k) => link[k] && link[k] !== "none" && link[k] !== "0ms").map((k) => k + " " + link[k]);
          return parts.length ? parts.join(", ") : "no shaping: loopback as it is";
        }

        function showLink(link) {
          lab.link = link;
          const name = presetName(link);
          $("link-summary").textContent = (name ? "preset " + name + ": " : "custom: ") + describe(link);
          if (!linkDirty) fillLink(link, name);
          renderThroughput();
        }

        function fillRate(id, text) {
          const rate = parseRate(text);
          if (rate === null) { $(id).value = ""; return; }
          const unit = rate >= 1e6 ? UNITS[1] : UNITS[0];
          $(id).value = tidy(rate / unit[1]);
          $(id + "-unit").value = unit[0];
        }

        function fillLink(link, name) {
          $("preset").value = name;
          $("latency").value = tidy(parseDuration(link.latency) * 1000);
          $("connect-latency").value = tidy(parseDuration(link["connect-latency"]) * 1000);
          const jitter = parseJitter(link.jitter);
          $("jitter").value = tidy(jitter.seconds * 1000);
          $("jitter-kind").value = jitter.kind === "normal" ? "normal" : "uniform";
          fillRate("bandwidth", link.bandwidth);
          fillRate("link-bandwidth", link["link-bandwidth"]);
        }

        function numberIn(id, label, problems) {
          const input = $(id);
          if (input.value.trim() === "") return null;
          const value = Number(input.value);
          if (!isFinite(value) || value < 0) problems.push(label + ": \"" + input.value + "\" is not a number of 0 or more");
          return value;
        }

        function readLink() {
          const problems = [];
          const latency = numberIn("latency", "Latency", problems) || 0;
          const connect = numberIn("connect-latency", "Connect latency", problems) || 0;
          const jitter = numberIn("jitter", "Jitter", problems) || 0;
          const rate = (id, label) => {
            const value = numberIn(id, label, problems);
            if (value === null) return "none";
            const unit = UNITS.find((u) => u[0] === $(id + "-unit").value) || UNITS[0];
            return value * unit[1];
          };
          const link = {
            latency: latency / 1000, "connect-latency": connect / 1000,
            jitter: jitter === 0 ? "none" : $("jitter-kind").value + ":" + tidy(jitter) + "ms",
            bandwidth: rate("bandwidth", "Bandwidth"), "link-bandwidth": rate("link-bandwidth", "Link bandwidth"),
            "upload-bandwidth": (lab.link && lab.link["upload-bandwidth"]) || "none",
            "upload-link-bandwidth": (lab.link && lab.link["upload-link-bandwidth"]) || "none",
          };
          return { link, problems };
        }

        async function put(path, body, problem) {
          $(problem).textContent = "";
          try {
            const response = await fetch(path, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
            const text = await response.text();
            if (!response.ok) { $(problem).textContent = text.trim(); return null; }
            return JSON.parse(text);
          } catch (error) {
            $(problem).textContent = "the server did not answer: " + error;
            return null;
          }
        }

        async function applyLink(body) {
          const link = await put("/_lab/link", body, "link-problem");
          if (link) { linkDirty = false; showLink(link); }
        }

        $("link-form").addEventListener("input", (event) => { if (event.target.id !== "preset") linkDirty = true; });
        $("link-form").addEventListener("submit", (event) => {
          event.preventDefault();
          const { link, problems } = readLink();
          if (problems.length) { $("link-problem").textContent = problems.join("\n"); return; }
          applyLink(link);
        });
        $("preset").addEventListener("change", () => {
          const preset = presets.find((p) => p.name === $("preset").value);
          if (preset) applyLink(preset.link);
        });
        $("link-reset").addEventListener("click", () => applyLink({}));

        // Faults: one editable rule per fault rule in force.
        function showFaults(plan) {
          lab.faultPlan = plan;
          if (!faultsDirty) renderRules(plan.faults || []);
        }

        function field(rule, index, key, label, attributes) {
          const id = "rule-" + index + "-" + key;
          const wrap = document.createElement("div");
          wrap.className = "field";
          const name = document.createElement("label");
          name.htmlFor = id;
          name.textContent = label;
          const input = document.createElement("input");
          input.id = id;
          input.dataset.key = key;
          Object.assign(input, attributes);
          input.value = rule[key] === undefined ? "" : String(rule[key]);
          wrap.append(name, input);
          return wrap;
        }

        function renderRules(rules) {
          const box = $("rules");
          box.replaceChildren();
          if (!rules.length) {
            const none = document.createElement("p");
            none.className = "rules-empty";
            none.textContent = "No faults: every response goes out whole.";
            box.append(none);
          }
          rules.forEach((rule, index) => {
            const group = document.createElement("fieldset");
            group.className = "rule";
            group.setAttribute("aria-label", "Fault rule " + (index + 1));
            group.append(
              field(rule, index, "fault", "Fault", { type: "text", required: true, spellcheck: false, placeholder: "status:503" }),
              field(rule, index, "fault-rate", "Rate (0–1)", { type: "number", min: 0, max: 1, step: "any", placeholder: "1: always" }),
              field(rule, index, "fault-first", "First N per URL", { type: "number", min: 0, step: 1, placeholder: "every request" }),
              field(rule, index, "retry-after", "Retry-After (s)", { type: "number", min: 0, step: 1, placeholder: "none (status only)" }));
            group.querySelector("[data-key=fault]").setAttribute("list", "fault-kinds");
            const remove = document.createElement("button");
            remove.type = "button";
            remove.textContent = "Remove rule " + (index + 1);
            remove.addEventListener("click", () => {
              faultsDirty = true;
              const kept = readRules();
              kept.splice(index, 1);
              renderRules(kept);
            });
            group.append(remove);
            box.append(group);
          });
        }

        function readRules() {
          return Array.from($("rules").querySelectorAll(".rule")).map((group) => {
            const rule = {};
            for (const input of group.querySelectorAll("input")) {
              const text = input.value.trim();
              if (text === "") continue;
              rule[input.dataset.key] = input.type === "number" ? Number(text) : text;
            }
            return rule;
          });
        }

        async function applyFaults(rules) {
          const plan = await put("/_lab/faults", { faults: rules }, "faults-problem");
          if (plan) { faultsDirty = false; showFaults(plan); }
        }

        $("faults-form").addEventListener("input", () => { faultsDirty = true; });
        $("rule-add").addEventListener("click", () => {
          faultsDirty = true;
          const rules = readRules();
          rules.push({ fault: "status:503" });
          renderRules(rules);
          $("rule-" + (rules.length - 1) + "-fault").focus();
        });
        $("faults-form").addEventListener("submit", (event) => { event.preventDefault(); applyFaults(readRules()); });
        $("faults-clear").addEventListener("click", () => applyFaults([]));

        // Throughput: body bytes leaving the server between ticks, over the last minute.
        function addTick(tick) {
          const ticks = lab.ticks;
          // The snapshot's tick may come just before the ticker's: a rate over a few
          // milliseconds would be noise, so a tick that close to the last is left out.
          if (ticks.length && tick.time - ticks[ticks.length - 1].time < 0.25) return;
          ticks.push(tick);
          while (ticks.length > 2 && ticks[0].time < tick.time - 61) ticks.shift();
          renderThroughput();
        }

        function svg(name, attributes, text) {
          const element = document.createElementNS($("tp-svg").namespaceURI, name);
          for (const key in attributes) element.setAttribute(key, attributes[key]);
          if (text !== undefined) element.textContent = text;
          return element;
        }

        function shortRate(n) {
          const [value, unit] = n >= 1e9 ? [n / 1e9, "GB/s"] : n >= 1e6 ? [n / 1e6, "MB/s"] : n >= 1e3 ? [n / 1e3, "KB/s"] : [n, "B/s"];
          return (value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, "")) + " " + unit;
        }

        // Before the first tick this page got, the journal stands in: each exchange's body
        // bytes spread evenly from its first byte to its end, in half-second steps; one still
        // under way at that tick, its bytes so far from its start to the tick, until its
        // entry comes (from the first tick on, the ticks count).
        function journalRates(from, until) {
          const step = 0.5, first = Math.floor(Math.max(from, 0) / step), sums = new Map();
          const add = (k, bytes) => { if (k >= first) sums.set(k, (sums.get(k) || 0) + bytes); };
          const spread = (bytes, begin, end) => {
            if (!bytes || end < from || begin >= until) return;
            if (end - begin < 1e-6) { add(Math.floor(end / step), bytes); return; }
            for (let k = Math.floor(begin / step); k * step < Math.min(end, until); k++) {
              add(k, bytes * (Math.min(end, (k + 1) * step) - Math.max(begin, k * step)) / (end - begin));
            }
          };
          const ended = new Set();
          for (const e of lab.all) {
            ended.add(e.id);
            if (e.path.startsWith("/_lab/")) continue;
            const end = e.start + e.duration;
            spread(e.bytesSent, Math.min(e.start + (e.timeToFirstByte || 0), end), end);
          }
          const firstTick = lab.ticks[0];
          for (const e of (firstTick && firstTick.inFlight) || []) {
            if (!ended.has(e.id) && !e.path.startsWith("/_lab/")) spread(e.bytesSent, Math.min(e.start, firstTick.time), firstTick.time);
          }
          const rates = [];
          for (let k = first; (k + 1) * step <= until; k++) rates.push({ time: (k + 1) * step, rate: (sums.get(k) || 0) / step });
          return rates;
        }

        function renderThroughput() {
          const ticks = lab.ticks, chart = $("tp-svg");
          const W = 320, H = 130, left = 58, right = 8, top = 8, bottom = 18;
          const cap = lab.link ? parseRate(lab.link["link-bandwidth"]) : null;
          const rates = ticks.length ? journalRates(ticks[ticks.length - 1].time - 60, ticks[0].time) : [];
          for (let i = 1; i < ticks.length; i++) {
            const dt = ticks[i].time - ticks[i - 1].time;
            if (dt > 0) rates.push({ time: ticks[i].time, rate: Math.max(0, ticks[i].bytesSent - ticks[i - 1].bytesSent) / dt });
          }
          const now = ticks.length ? ticks[ticks.length - 1].time : 0;
          const peak = rates.reduce((m, r) => Math.max(m, r.rate), 0);
          const high = Math.max(peak, cap || 0, 1000) * 1.1;
          const x = (t) => left + (1 - (now - t) / 60) * (W - left - right);
          const y = (r) => top + (1 - r / high) * (H - top - bottom);
          const parts = [];
          for (const fraction of [0, 0.5, 1]) {
            parts.push(svg("line", { class: "gridline", x1: left, x2: W - right, y1: y(high * fraction), y2: y(high * fraction) }));
            parts.push(svg("text", { x: left - 4, y: y(high * fraction) + 3, "text-anchor": "end" }, shortRate(high * fraction)));
          }
          parts.push(svg("text", { x: left, y: H - 4 }, "-60 s"), svg("text", { x: W - right, y: H - 4, "text-anchor": "end" }, "now"));
          const shown = rates.filter((r) => r.time >= now - 60);
          if (shown.length > 1) {
            const points = shown.map((r) => x(r.time).toFixed(1) + "," + y(r.rate).toFixed(1));
            parts.push(svg("polygon", { class: "area", points: x(shown[0].time).toFixed(1) + "," + y(0) + " " + points.join(" ") + " " + x(now).toFixed(1) + "," + y(0) }));
            parts.push(svg("polyline", { class: "line", points: points.join(" ") }));
          }
          if (cap) parts.push(svg("line", { class: "cap", x1: left, x2: W - right, y1: y(cap), y2: y(cap) }));
          chart.replaceChildren(...parts);
          const current = shown.length ? shown[shown.length - 1].rate : 0;
          const readout = $("tp-readout");
          readout.replaceChildren("now ", Object.assign(document.createElement("b"), { textContent: formatRate(current) }),
            " · peak " + formatRate(peak) + (cap ? " · shared link cap " + formatRate(cap) + " (dashed)" : " · no shared link cap"));
        }

        renderRules([]);
        renderThroughput();
        schedule();
        connect();
        """#
}
