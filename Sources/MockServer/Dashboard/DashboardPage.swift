import Foundation

/// The page `GET /_lab/` serves: the journal as a waterfall, the throughput of the last
/// minute (before the page opened, from the journal), and the link and faults with controls,
/// live from `GET /_lab/events`.
///
/// One self-contained document (no external script, style, font or image, so it works offline
/// and behind any firewall), written by hand: no build step. The controls use the same
/// `PUT /_lab/link` and `PUT /_lab/faults` as any other client.
enum DashboardPage {
    /// The page as served.
    static let html: String = document(presets: presetsJSON)

    /// The link presets as the page's menu needs them: name, summary and the link as
    /// `GET /_lab/link` shows it, so the page can tell when the link in force is a preset.
    static var presetsJSON: String {
        let list = LinkProfile.presets.map { preset -> [String: Any] in
            ["name": preset.name, "summary": preset.summary, "link": preset.profile.jsonObject()]
        }
        let data = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        // Inside a <script> element, "</" could end it early.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    static func document(presets: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>NetworkLab dashboard</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header>
          <h1>NetworkLab dashboard</h1>
          <span class="origin" id="origin"></span>
          <span id="status" role="status" aria-live="polite">connecting</span>
          <span id="counts" aria-live="off"></span>
          <span class="spacer"></span>
          <span class="toggle"><input type="checkbox" id="show-control"> <label for="show-control">show /_lab/ requests</label></span>
          <button type="button" id="clear-journal" title="DELETE /_lab/journal">Clear journal</button>
        </header>
        <main>
        <section id="requests" aria-labelledby="requests-title">
          <h2 id="requests-title">Requests <span class="hint">(newest at the bottom; arrow keys move, Enter opens)</span></h2>
          <div class="wf-head cols" aria-hidden="true">
            <span class="id num">#</span><span class="method">Method</span><span class="path">Path</span><span class="status num">Status</span><span class="bytes num">Bytes</span><span class="faultspec">Fault</span><span class="time num">Time</span><span class="axis" id="axis"></span>
          </div>
          <div id="wf-scroll" tabindex="0" role="listbox" aria-label="Requests served, newest at the bottom">
            <div id="wf-spacer"><div id="wf-rows"></div></div>
            <p class="empty" id="wf-empty">No requests yet. Requests to this server appear here as they finish.</p>
          </div>
          <div id="inflight" hidden>
            <h3 id="inflight-title">In flight <span id="inflight-count"></span></h3>
            <ul id="inflight-list" aria-labelledby="inflight-title"></ul>
          </div>
          <div class="legend" aria-hidden="true">
            <span><i class="swatch w"></i>waiting for the first byte</span>
            <span><i class="swatch r"></i>receiving</span>
            <span><i class="swatch f"></i>fault fired</span>
            <span><i class="swatch e"></i>error (4xx, 5xx, rejected, aborted)</span>
          </div>
        </section>
        <aside>
          <section aria-labelledby="tp-title">
            <h2 id="tp-title">Throughput, last minute</h2>
            <svg id="tp-svg" viewBox="0 0 320 130" role="img" aria-labelledby="tp-title tp-readout"></svg>
            <p class="readout" id="tp-readout">waiting for data</p>
          </section>
          <section aria-labelledby="link-title">
            <h2 id="link-title">Link</h2>
            <p class="summary" id="link-summary"></p>
            <form id="link-form" novalidate>
              <div class="field"><label for="preset">Preset</label>
                <select id="preset"><option value="">custom</option></select></div>
              <div class="field"><label for="latency">Latency (ms)</label>
                <input type="number" id="latency" min="0" step="any" inputmode="decimal"></div>
              <div class="field"><label for="jitter">Jitter (ms)</label>
                <div class="pair"><input type="number" id="jitter" min="0" step="any" inputmode="decimal">
                <select id="jitter-kind" aria-label="Jitter distribution"><option value="uniform">uniform ±</option><option value="normal">normal σ</option></select></div></div>
              <div class="field"><label for="connect-latency">Connect latency (ms)</label>
                <input type="number" id="connect-latency" min="0" step="any" inputmode="decimal"></div>
              <div class="field"><label for="bandwidth">Bandwidth per connection</label>
                <div class="pair"><input type="number" id="bandwidth" min="0" step="any" inputmode="decimal" placeholder="no cap">
                <select id="bandwidth-unit" aria-label="Bandwidth unit"></select></div></div>
              <div class="field"><label for="link-bandwidth">Link bandwidth (shared)</label>
                <div class="pair"><input type="number" id="link-bandwidth" min="0" step="any" inputmode="decimal" placeholder="no cap">
                <select id="link-bandwidth-unit" aria-label="Link bandwidth unit"></select></div></div>
              <p class="hint">Empty bandwidth: no cap. Upload caps are kept as they are. Bodies already sending follow a change at once.</p>
              <div class="buttons"><button type="submit" class="primary" id="link-apply">Apply link</button>
                <button type="button" id="link-reset">No shaping</button></div>
              <p class="problem" id="link-problem" role="alert"></p>
            </form>
          </section>
          <section aria-labelledby="faults-title">
            <h2 id="faults-title">Faults</h2>
            <form id="faults-form" novalidate>
              <div id="rules"></div>
              <datalist id="fault-kinds">
                <option value="status:503"><option value="status:500"><option value="reset"><option value="reset-after:64KiB">
                <option value="close"><option value="truncate-after:1MB"><option value="stall-after:1MB"><option value="malformed">
                <option value="corrupt:1"><option value="slice:1KB,10ms">
              </datalist>
              <div class="buttons"><button type="button" id="rule-add">Add rule</button>
                <button type="submit" class="primary" id="faults-apply">Apply faults</button>
                <button type="button" id="faults-clear">Remove all</button></div>
              <p class="problem" id="faults-problem" role="alert"></p>
            </form>
          </section>
        </aside>
        </main>
        <dialog id="detail" aria-labelledby="detail-title">
          <h2 id="detail-title"></h2>
          <dl id="detail-facts"></dl>
          <pre id="detail-json"></pre>
          <div class="buttons"><button type="button" class="primary" id="detail-close">Close</button></div>
        </dialog>
        <script type="application/json" id="presets">\(presets)</script>
        <script>
        \(script)
        \(controlsScript)
        </script>
        </body>
        </html>

        """
    }
}
