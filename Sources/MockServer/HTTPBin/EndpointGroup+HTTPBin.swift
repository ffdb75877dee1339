extension EndpointGroup {
    /// httpbin's endpoints on the index page. They are served as routes (``HTTPBin/route(method:path:)``,
    /// tried after the user's routes), so the group lists them and holds no endpoint itself.
    static let httpbin = EndpointGroup(index: [
        EndpointDescription("ANY", "/status/{codes}", "that status; httpbin's lists and weights (200,201 or 200:0.9,500:0.1), seeded"),
        EndpointDescription("ANY", "/anything[/{path}]", "echo (also /get /post /put /patch /delete /headers /ip /user-agent /uuid)"),
        EndpointDescription("ANY", "/redirect/{n}", "redirects (also /relative-redirect/{n} /absolute-redirect/{n} /redirect-to?url=)"),
        EndpointDescription("GET", "/delay/{s}", "timing and streams (also /drip /stream/{n} /stream-bytes/{n} /range/{n})"),
        EndpointDescription("GET", "/gzip", "encodings (also /deflate /brotli /encoding/utf8 /base64/{value})"),
        EndpointDescription("GET", "/basic-auth/{user}/{passwd}", "auth (also /hidden-basic-auth /bearer /digest-auth/{qop}/{user}/{passwd})"),
        EndpointDescription("GET", "/cookies", "cookies and caching (also /cookies/set /cookies/delete /cache /etag/{etag} /response-headers)"),
        EndpointDescription("GET", "/json", "formats (also /html /xml /robots.txt /deny /image /links/{n}/{offset} /forms/post)"),
    ], [])
}
