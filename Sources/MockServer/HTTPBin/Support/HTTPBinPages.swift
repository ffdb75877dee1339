/// The texts the format endpoints serve. The JSON and XML documents carry httpbin's data (its
/// slide show), since suites assert on it; the pages are this project's own.
enum HTTPBinPages {
    /// `/json`'s document.
    static var slideshow: [String: Any] { [
        "slideshow": [
            "author": "Yours Truly",
            "date": "date of publication",
            "title": "Sample Slide Show",
            "slides": [
                ["title": "Wake up to WonderWidgets!", "type": "all"],
                [
                    "items": ["Why <em>WonderWidgets</em> are great", "Who <em>buys</em> WonderWidgets"],
                    "title": "Overview", "type": "all",
                ],
            ],
        ],
    ] }

    /// `/xml`: the same slide show as XML.
    static let xml = """
        <?xml version='1.0' encoding='us-ascii'?>
        <!-- the slide show of /json, as XML -->
        <slideshow title="Sample Slide Show" date="date of publication" author="Yours Truly">
            <slide type="all">
                <title>Wake up to WonderWidgets!</title>
            </slide>
            <slide type="all">
                <title>Overview</title>
                <item>Why <em>WonderWidgets</em> are great</item>
                <item/>
                <item>Who <em>buys</em> WonderWidgets</item>
            </slide>
        </slideshow>

        """

    /// `/html`: a short page with a heading and prose.
    static let html = """
        <!DOCTYPE html>
        <html>
          <head><meta charset="utf-8"><title>NetworkLab MockServer</title></head>
          <body>
            <h1>A page for HTML clients</h1>
            <p>This page stands in for httpbin's <code>/html</code>: a heading and a few
            paragraphs of text, enough for a parser or a scraper to find something.</p>
            <p>Every byte of it is served from memory on 127.0.0.1, through whatever link
            and faults the test set: latency, bandwidth, resets and truncations apply here
            as they apply to any other endpoint.</p>
            <p>The same request gives the same page, in every run.</p>
          </body>
        </html>

        """

    /// `/encoding/utf8`: text in many scripts, and symbols beyond the Basic Multilingual Plane.
    static let utf8Demo = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>UTF-8</title></head><body><pre>
        UTF-8 encoded text

        Latin:      naïve café, Größe, señor, œuvre, Ångström
        Greek:      Καλημέρα κόσμε — αβγδεζηθ
        Cyrillic:   Здравствуй, мир
        Hebrew:     שלום עולם
        Arabic:     مرحبا بالعالم
        Devanagari: नमस्ते दुनिया
        Thai:       สวัสดีชาวโลก
        CJK:        你好，世界 · こんにちは世界 · 안녕하세요 세계
        Math:       ∀x ∈ ℝ: ⌈x⌉ = −⌊−x⌋, ∑ 1/n² = π²/6, ∮ E·da = Q/ε₀
        Symbols:    € £ ¥ ₹ © ® ™ † ‡ • … ‰ ← ↑ → ↓ ⇔ ♠ ♣ ♥ ♦
        Astral:     𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 🚀 🧪
        Combining:  e\u{301} a\u{308} n\u{303}
        </pre></body></html>

        """

    /// `/robots.txt`, which keeps robots away from `/deny`.
    static let robots = "User-agent: *\nDisallow: /deny\n"

    /// `/deny`: what a robot that ignored `/robots.txt` gets.
    static let deny = """

          .--------------------------.
          |  robots.txt said no.     |
          |  This page is /deny.     |
          '--------------------------'
             \\
              \\   [o_o]
                  /|_|\\
                   / \\
             YOU SHOULDN'T BE HERE

        """

    /// `/status/418`'s body.
    static let teapot = """
        418 I'm a teapot
                 (
              )   )
            _______
          .'       `.--.
          |  t e a  |  /
          |  p o t  |_/
          `._______.'

        """

    /// `/forms/post`: an order form whose fields httpbin's form has, posting to `/post`.
    static let form = """
        <!DOCTYPE html>
        <html>
          <head><meta charset="utf-8"><title>Order</title></head>
          <body>
            <form method="post" action="/post">
              <p><label>Customer name: <input name="custname"></label></p>
              <p><label>Telephone: <input type="tel" name="custtel"></label></p>
              <p><label>E-mail address: <input type="email" name="custemail"></label></p>
              <fieldset>
                <legend>Pizza size</legend>
                <p><label><input type="radio" name="size" value="small"> Small</label></p>
                <p><label><input type="radio" name="size" value="medium"> Medium</label></p>
                <p><label><input type="radio" name="size" value="large"> Large</label></p>
              </fieldset>
              <fieldset>
                <legend>Pizza toppings</legend>
                <p><label><input type="checkbox" name="topping" value="bacon"> Bacon</label></p>
                <p><label><input type="checkbox" name="topping" value="cheese"> Extra cheese</label></p>
                <p><label><input type="checkbox" name="topping" value="onion"> Onion</label></p>
                <p><label><input type="checkbox" name="topping" value="mushroom"> Mushroom</label></p>
              </fieldset>
              <p><label>Preferred delivery time: <input type="time" min="11:00" max="21:00" step="900" name="delivery"></label></p>
              <p><label>Delivery instructions: <textarea name="comments"></textarea></label></p>
              <p><button>Submit order</button></p>
            </form>
          </body>
        </html>

        """
}
