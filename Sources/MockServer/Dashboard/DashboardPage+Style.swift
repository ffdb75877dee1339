extension DashboardPage {
    /// The page's style sheet: light and dark from the system setting, one column on phones.
    static let style = #"""
        :root {
          color-scheme: light dark;
          --bg: #ffffff; --fg: #1d1f23; --muted: #5c6370; --line: #d8dbe0; --panel: #f5f6f8;
          --row-alt: #fafbfc; --hover: #eef3fb; --select: #dbe7fb; --accent: #1f5fbf;
          --wait: #9aa5b1; --recv: #2f6fd0; --fault: #b35c00; --fault-bg: #fff1e0;
          --error: #c62828; --error-bg: #fde8e8; --grid: rgba(0, 0, 0, 0.07); --cap: #8a3ffc;
          --focus: #1f5fbf;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #16181c; --fg: #e3e6ea; --muted: #9aa2ad; --line: #343840; --panel: #1e2127;
            --row-alt: #1a1d22; --hover: #232a36; --select: #26395a; --accent: #7fb0ff;
            --wait: #5f6b78; --recv: #5b9bff; --fault: #ffb35c; --fault-bg: #3a2a14;
            --error: #ff7b7b; --error-bg: #3d1d1f; --grid: rgba(255, 255, 255, 0.08); --cap: #c49bff;
            --focus: #7fb0ff;
          }
        }
        * { box-sizing: border-box; }
        html { font-size: 14px; }
        html, body { margin: 0; height: 100%; }
        body { background: var(--bg); color: var(--fg); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; display: flex; flex-direction: column; }
        :focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
        header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4em 1.2em; padding: 0.6em 1em; border-bottom: 1px solid var(--line); background: var(--panel); }
        header h1 { font-size: 1.15em; margin: 0; }
        header .origin { color: var(--muted); font-family: ui-monospace, monospace; font-size: 0.9em; }
        #status { font-size: 0.9em; padding: 0.1em 0.6em; border-radius: 1em; background: var(--wait); color: #fff; }
        #status.live { background: #2e7d32; }
        #counts { color: var(--muted); font-variant-numeric: tabular-nums; }
        header .spacer { flex: 1; }
        .toggle { font-size: 0.9em; color: var(--muted); }
        main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 360px; }
        h2 { font-size: 1em; margin: 0 0 0.5em; }
        #requests { display: flex; flex-direction: column; min-height: 0; min-width: 0; padding: 0.8em 0 0 0; }
        #requests h2 { padding: 0 1em; }
        aside { border-left: 1px solid var(--line); overflow-y: auto; padding: 0.8em 1em; background: var(--panel); }
        aside section { margin-bottom: 1.4em; }
        .cols { display: grid; grid-template-columns: 3rem 5.2rem minmax(7rem, 1.1fr) 4.4rem 5rem minmax(5rem, 0.6fr) 4.6rem minmax(10rem, 2fr); align-items: center; }
        .cols > span { padding: 0 0.4em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .cols > .num { text-align: right; font-variant-numeric: tabular-nums; }
        .wf-head { border-bottom: 1px solid var(--line); font-weight: 600; font-size: 0.85em; color: var(--muted); height: 26px; }
        .axis { position: relative; height: 100%; }
        .axis span { position: absolute; top: 5px; transform: translateX(-50%); font-weight: 400; font-size: 0.9em; white-space: nowrap; }
        .axis span:first-child { transform: none; }
        .axis span.last { transform: translateX(-100%); }
        #wf-scroll { flex: 1; min-height: 12em; overflow-y: auto; position: relative; }
        #wf-spacer { position: relative; }
        .empty { color: var(--muted); padding: 1em; }
        .row { position: absolute; left: 0; right: 0; height: 24px; cursor: pointer; font-size: 0.9em; border-bottom: 1px solid var(--grid); }
        .row.alt { background: var(--row-alt); }
        .row:hover { background: var(--hover); }
        .row.fault { background: var(--fault-bg); }
        .row.fault .status, .row.fault .faultspec { color: var(--fault); font-weight: 600; }
        .row.error { background: var(--error-bg); }
        .row.error .status, .row.error .faultspec { color: var(--error); font-weight: 600; }
        .row.selected { background: var(--select); outline: 1px solid var(--accent); outline-offset: -1px; }
        .row .method { font-weight: 600; }
        .row .path { font-family: ui-monospace, monospace; font-size: 0.95em; }
        .track { position: relative; height: 100%; background-image: repeating-linear-gradient(90deg, var(--grid) 0 1px, transparent 1px var(--tick, 20%)); }
        .track i { position: absolute; top: 7px; height: 10px; min-width: 1px; }
        .track .w { background: var(--wait); }
        .track .r { background: var(--recv); }
        .row.fault .track .r { background: var(--fault); }
        .row.error .track .r, .row.error .track .w { background: var(--error); }
        #inflight { border-top: 1px solid var(--line); padding: 0.4em 1em; max-height: 9.5em; overflow-y: auto; font-size: 0.9em; }
        #inflight h3 { font-size: 0.9em; margin: 0 0 0.2em; }
        #inflight-count { color: var(--muted); font-weight: 400; }
        #inflight ul { list-style: none; margin: 0; padding: 0; }
        #inflight li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
        #inflight .path { font-family: ui-monospace, monospace; }
        #inflight .stalled { color: var(--fault); font-weight: 600; }
        .legend { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; padding: 0.5em 1em; border-top: 1px solid var(--line); font-size: 0.85em; color: var(--muted); }
        .swatch { display: inline-block; width: 1em; height: 0.7em; margin-right: 0.35em; vertical-align: baseline; }
        .swatch.w { background: var(--wait); } .swatch.r { background: var(--recv); }
        .swatch.f { background: var(--fault); } .swatch.e { background: var(--error); }
        #tp-svg { width: 100%; height: auto; display: block; background: var(--bg); border: 1px solid var(--line); }
        #tp-svg .line { fill: none; stroke: var(--recv); stroke-width: 1.5; }
        #tp-svg .area { fill: var(--recv); opacity: 0.15; }
        #tp-svg .cap { stroke: var(--cap); stroke-dasharray: 5 4; stroke-width: 1.5; }
        #tp-svg text { fill: var(--muted); font-size: 10px; }
        #tp-svg .gridline { stroke: var(--grid); }
        .readout { font-variant-numeric: tabular-nums; color: var(--muted); margin: 0.3em 0 0; font-size: 0.9em; }
        .readout b { color: var(--fg); }
        .summary { font-family: ui-monospace, monospace; font-size: 0.85em; color: var(--muted); margin: 0 0 0.6em; overflow-wrap: anywhere; }
        form .field { display: grid; grid-template-columns: 8.5em 1fr; gap: 0.4em; align-items: center; margin-bottom: 0.45em; }
        form .field label { font-size: 0.9em; }
        .pair { display: flex; gap: 0.3em; min-width: 0; }
        .pair input { flex: 1; min-width: 0; }
        input, select, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 0.25em 0.4em; }
        input[type=number] { width: 100%; }
        button { cursor: pointer; padding: 0.3em 0.8em; }
        button.primary { background: var(--accent); border-color: var(--accent); color: var(--bg); font-weight: 600; }
        .buttons { display: flex; flex-wrap: wrap; gap: 0.4em; margin-top: 0.6em; }
        .hint { font-size: 0.8em; color: var(--muted); margin: 0.2em 0 0; }
        .problem { color: var(--error); font-size: 0.9em; margin: 0.4em 0 0; min-height: 1em; white-space: pre-wrap; }
        .rule { border: 1px solid var(--line); border-radius: 6px; padding: 0.5em; margin-bottom: 0.5em; background: var(--bg); }
        .rule .field { grid-template-columns: 6.5em 1fr; }
        .rules-empty { color: var(--muted); font-size: 0.9em; margin: 0 0 0.5em; }
        dialog { max-width: min(760px, 94vw); width: 100%; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); padding: 1em 1.2em; }
        dialog::backdrop { background: rgba(0, 0, 0, 0.4); }
        dialog h2 { font-size: 1.05em; overflow-wrap: anywhere; }
        dialog pre { background: var(--panel); padding: 0.8em; border-radius: 6px; overflow: auto; max-height: 55vh; font-size: 0.85em; }
        dialog dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0 0 0.8em; font-size: 0.9em; }
        dialog dt { color: var(--muted); }
        dialog dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media (max-width: 900px) {
          body { height: auto; }
          main { display: block; }
          #wf-scroll { height: 60vh; flex: none; }
          aside { border-left: 0; border-top: 1px solid var(--line); }
          .cols { grid-template-columns: 4.8rem minmax(6rem, 1fr) 4rem minmax(6rem, 1fr); }
          .cols > .id, .cols > .bytes, .cols > .faultspec, .cols > .time { display: none; }
        }
        """#
}
