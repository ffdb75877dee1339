extension DashboardPage {
    /// The live feed and the waterfall: entries from `GET /_lab/events` kept in arrival order,
    /// only the visible rows in the document, so thousands of requests stay cheap.
    static let script = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        const ROW = 24;
        const lab = {
          all: [], entries: [], ids: new Set(), first: Infinity, last: 0, faults: 0, errors: 0,
          selected: -1, link: null, faultPlan: null, ticks: [], scheduled: false,
        };
        const scroller = $("wf-scroll"), spacer = $("wf-spacer"), rowsBox = $("wf-rows");
        $("origin").textContent = location.host;

        // An event's JSON, with integers past 2^53 (seeds) kept digit for digit as strings: as
        // JavaScript numbers they lose their last digits.
        function parse(text) {
          return JSON.parse(text, (key, value, context) =>
            Number.isInteger(value) && !Number.isSafeInteger(value) && context && /^\d+$/.test(context.source) ? context.source : value);
        }

        // Which server this is: a proxy names its upstream, and every server its seed.
        function showServer(server) {
          const origin = $("origin");
          origin.textContent = location.host + (server.upstream ? " → " + server.upstream : "") + " · seed " + server.seed;
          origin.title = server.upstream ? "a proxy: requests go on to " + server.upstream : "";
        }

        function kind(e) {
          if (e.fault) return "fault";
          if (e.outcome === "rejected" || e.outcome === "aborted" || e.status === undefined || e.status >= 400) return "error";
          return "";
        }

        function formatBytes(n) {
          if (n >= 1e9) return (n / 1e9).toFixed(2) + " GB";
          if (n >= 1e6) return (n / 1e6).toFixed(n >= 1e8 ? 0 : 1) + " MB";
          if (n >= 1e3) return (n / 1e3).toFixed(n >= 1e5 ? 0 : 1) + " KB";
          return n + " B";
        }
        function formatRate(n) {
          if (n >= 1e9) return (n / 1e9).toFixed(2) + " GB/s";
          if (n >= 1e6) return (n / 1e6).toFixed(2) + " MB/s";
          if (n >= 1e3) return (n / 1e3).toFixed(1) + " KB/s";
          return Math.round(n) + " B/s";
        }
        function formatSeconds(s) {
          if (s >= 10) return s.toFixed(s >= 100 ? 0 : 1) + " s";
          if (s >= 1) return s.toFixed(2) + " s";
          if (s >= 0.001) return (s * 1000).toFixed(s >= 0.01 ? 0 : 1) + " ms";
          return (s * 1e6).toFixed(0) + " µs";
        }
        function niceStep(raw) {
          const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
          for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
          return 10 * magnitude;
        }

        function reset() {
          lab.all = [];
          rebuild();
        }

        // The page's own traffic (this page, its event stream, its PUTs) is hidden unless asked
        // for: an event stream lasts as long as the page and would stretch the time axis.
        function shown(e) {
          return $("show-control").checked || !e.path.startsWith("/_lab/");
        }

        function rebuild() {
          Object.assign(lab, { entries: [], ids: new Set(), first: Infinity, last: 0, faults: 0, errors: 0, selected: -1 });
          const all = lab.all;
          lab.all = [];
          for (const e of all) addEntry(e);
          schedule();
        }

        // Entries come as requests finish; keep them in arrival order (id), which is start order.
        function insertById(list, e) {
          let at = list.length;
          if (at > 0 && list[at - 1].id > e.id) {
            let low = 0, high = at;
            while (low < high) { const mid = (low + high) >> 1; if (list[mid].id < e.id) low = mid + 1; else high = mid; }
            at = low;
          }
          list.splice(at, 0, e);
          return at;
        }

        function addEntry(e) {
          if (lab.ids.has(e.id)) return;
          lab.ids.add(e.id);
          insertById(lab.all, e);
          if (!shown(e)) return;
          const at = insertById(lab.entries, e);
          if (lab.selected >= at) lab.selected += 1;
          lab.first = Math.min(lab.first, e.start);
          lab.last = Math.max(lab.last, e.start + e.duration);
          const k = kind(e);
          if (k === "fault") lab.faults += 1;
          if (k === "error") lab.errors += 1;
          schedule();
        }

        function schedule() {
          if (lab.scheduled) return;
          lab.scheduled = true;
          requestAnimationFrame(render);
        }

        function axis() {
          const origin = lab.entries.length ? lab.first : 0;
          const span = Math.max(lab.entries.length ? lab.last - lab.first : 1, 0.001);
          const width = $("axis").clientWidth || 400;
          const step = niceStep(span / Math.max(2, Math.min(6, Math.floor(width / 80))));
          return { origin, span: Math.max(span, step), step };
        }

        function tickLabel(t, step, span) {
          if (t === 0) return "0";
          if (span >= 1) return t.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) + " s";
          return (t * 1000).toFixed(Math.max(0, -Math.floor(Math.log10(step * 1000) + 1e-9))) + " ms";
        }

        function render() {
          lab.scheduled = false;
          const count = lab.entries.length;
          const following = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - ROW * 1.5;
          spacer.style.height = count * ROW + "px";
          $("wf-empty").hidden = count > 0;
          if (following && lab.selected < 0) scroller.scrollTop = scroller.scrollHeight;
          const a = axis();
          const tickPercent = (a.step / a.span) * 100;
          spacer.style.setProperty("--tick", tickPercent + "%");
          renderAxis(a);
          const top = scroller.scrollTop, height = scroller.clientHeight || 600;
          const from = Math.max(0, Math.floor(top / ROW) - 5);
          const to = Math.min(count, Math.ceil((top + height) / ROW) + 5);
          const fragment = document.createDocumentFragment();
          for (let i = from; i < to; i++) fragment.appendChild(rowElement(lab.entries[i], i, a));
          rowsBox.replaceChildren(fragment);
          const selected = lab.entries[lab.selected];
          if (selected) scroller.setAttribute("aria-activedescendant", "req-" + selected.id);
          else scroller.removeAttribute("aria-activedescendant");
          $("counts").textContent = count + (count === 1 ? " request" : " requests") + " · " + lab.faults + " faulted · " + lab.errors + (lab.errors === 1 ? " error" : " errors");
        }

        function renderAxis(a) {
          const labels = [];
          for (let t = 0; t <= a.span * (1 + 1e-9); t += a.step) {
            const label = document.createElement("span");
            label.style.left = (t / a.span) * 100 + "%";
            label.textContent = tickLabel(t, a.step, a.span);
            labels.push(label);
          }
          // The last label ends at its tick rather than running off the edge.
          if (labels.length > 1) labels[labels.length - 1].className = "last";
          $("axis").replaceChildren(...labels);
        }

        function cell(className, text, title) {
          const span = document.createElement("span");
          span.className = className;
          span.textContent = text;
          if (title) span.title = title;
          return span;
        }

        function rowElement(e, index, a) {
          const row = document.createElement("div");
          const k = kind(e);
          row.className = "row cols" + (index % 2 ? " alt" : "") + (k ? " " + k : "") + (index === lab.selected ? " selected" : "");
          row.id = "req-" + e.id;
          row.setAttribute("role", "option");
          row.setAttribute("aria-selected", index === lab.selected ? "true" : "false");
          row.style.top = index * ROW + "px";
          row.dataset.index = index;
          const target = e.path + (e.query ? "?" + e.query : "");
          const status = e.status !== undefined ? String(e.status) : (e.outcome === "fault" ? "cut" : "—");
          const fault = e.fault || (e.outcome !== "complete" && e.outcome !== "fault" ? e.outcome : "");
          row.append(
            cell("id num", String(e.id)), cell("method", e.method || "?"), cell("path", target, target),
            cell("status num", status), cell("bytes num", formatBytes(e.bytesSent)),
            cell("faultspec", fault, e.error || fault), cell("time num", formatSeconds(e.duration)));
          const track = document.createElement("span");
          track.className = "track";
          const firstByte = e.timeToFirstByte === undefined ? e.duration : e.timeToFirstByte;
          const start = e.start - a.origin;
          const wait = document.createElement("i");
          wait.className = "w";
          wait.style.left = (start / a.span) * 100 + "%";
          wait.style.width = (firstByte / a.span) * 100 + "%";
          const receive = document.createElement("i");
          receive.className = "r";
          receive.style.left = ((start + firstByte) / a.span) * 100 + "%";
          receive.style.width = (Math.max(0, e.duration - firstByte) / a.span) * 100 + "%";
          track.append(wait, receive);
          track.title = "waited " + formatSeconds(firstByte) + ", received for " + formatSeconds(Math.max(0, e.duration - firstByte));
          row.append(track);
          row.setAttribute("aria-label", e.method + " " + target + ", status " + status + ", " + formatBytes(e.bytesSent) +
            ", " + formatSeconds(e.duration) + (fault ? ", " + fault : ""));
          return row;
        }

        function select(index, open) {
          const count = lab.entries.length;
          if (!count) return;
          lab.selected = Math.max(0, Math.min(count - 1, index));
          const top = lab.selected * ROW;
          if (top < scroller.scrollTop) scroller.scrollTop = top;
          else if (top + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW - scroller.clientHeight;
          render();
          if (open) showDetail(lab.entries[lab.selected]);
        }

        function showDetail(e) {
          $("detail-title").textContent = "#" + e.id + " " + e.method + " " + e.path + (e.query ? "?" + e.query : "");
          const facts = [
            ["status", e.status !== undefined ? String(e.status) : "none sent"], ["outcome", e.outcome],
            ["waiting", e.timeToFirstByte !== undefined ? formatSeconds(e.timeToFirstByte) : "no first byte"],
            ["receiving", e.timeToFirstByte !== undefined ? formatSeconds(e.duration - e.timeToFirstByte) : "—"],
            ["body bytes", formatBytes(e.bytesSent) + (e.duration > 0 ? " (" + formatRate(e.bytesSent / e.duration) + " overall)" : "")],
            ["started", formatSeconds(e.start) + " after the server started"], ["connection", String(e.connection)],
          ];
          if (e.fault) facts.push(["fault", e.fault]);
          if (e.error) facts.push(["error", e.error]);
          const list = $("detail-facts");
          list.replaceChildren();
          for (const [name, value] of facts) {
            const dt = document.createElement("dt"); dt.textContent = name;
            const dd = document.createElement("dd"); dd.textContent = value;
            list.append(dt, dd);
          }
          $("detail-json").textContent = JSON.stringify(e, null, 2);
          $("detail").showModal();
        }

        scroller.addEventListener("scroll", schedule);
        window.addEventListener("resize", schedule);
        scroller.addEventListener("click", (event) => {
          const row = event.target.closest(".row");
          if (row) select(Number(row.dataset.index), true);
        });
        scroller.addEventListener("keydown", (event) => {
          const page = Math.max(1, Math.floor(scroller.clientHeight / ROW) - 1);
          const current = lab.selected < 0 ? lab.entries.length : lab.selected;
          const moves = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: lab.entries.length - 1 };
          if (event.key in moves) {
            event.preventDefault();
            select(moves[event.key], false);
          } else if ((event.key === "Enter" || event.key === " ") && lab.selected >= 0) {
            event.preventDefault();
            select(lab.selected, true);
          } else if (event.key === "Escape") {
            lab.selected = -1;
            render();
          }
        });
        $("detail").addEventListener("close", () => scroller.focus());
        $("detail-close").addEventListener("click", () => $("detail").close());
        $("clear-journal").addEventListener("click", () => fetch("/_lab/journal", { method: "DELETE" }));
        $("show-control").addEventListener("change", rebuild);

        // The exchanges the server is answering now, from each tick: the journal lists them
        // only once they end, and a slow or stalled download is what one opens the page for.
        function showInFlight(tick) {
          const listed = tick.inFlight || [];
          const list = listed.filter(shown);
          const hidden = listed.length - list.length;
          const total = (tick.inFlightCount || 0) - hidden;
          $("inflight").hidden = list.length === 0;
          $("inflight-count").textContent = "(" + total + (total > list.length ? ", the oldest " + list.length + " listed" : "") + ")";
          $("inflight-list").replaceChildren(...list.map((e) => {
            const item = document.createElement("li");
            const path = document.createElement("span");
            path.className = "path";
            path.textContent = e.path + (e.query ? "?" + e.query : "");
            const stage = document.createElement("span");
            stage.className = e.stage;
            stage.textContent = e.stage;
            item.append(e.method + " ", path, " · ", stage, " · " + formatBytes(e.bytesSent) + " · " +
              formatSeconds(Math.max(0, tick.time - e.start)) + (e.fault ? " · " + e.fault : ""));
            return item;
          }));
        }

        function setStatus(text, live) {
          const status = $("status");
          status.textContent = text;
          status.classList.toggle("live", !!live);
        }

        function connect() {
          const source = new EventSource("/_lab/events");
          // The stream starts with a snapshot of the journal, so a reconnect starts afresh.
          source.addEventListener("open", () => { setStatus("live", true); reset(); lab.ticks = []; });
          source.addEventListener("error", () => {
            // Without ticks the list would go stale.
            $("inflight").hidden = true;
            if (source.readyState === EventSource.CLOSED) {
              setStatus("disconnected; retrying");
              setTimeout(connect, 3000);
            } else {
              setStatus("reconnecting");
            }
          });
          source.addEventListener("server", (m) => showServer(parse(m.data)));
          source.addEventListener("request", (m) => addEntry(parse(m.data)));
          source.addEventListener("clear", reset);
          source.addEventListener("link", (m) => showLink(JSON.parse(m.data)));
          source.addEventListener("faults", (m) => showFaults(JSON.parse(m.data)));
          source.addEventListener("tick", (m) => {
            const tick = JSON.parse(m.data);
            addTick(tick);
            if (tick.inFlight) showInFlight(tick);
          });
        }
        """#
}
