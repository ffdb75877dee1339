@testable import Lab
import Testing

@Suite struct SetCookieSplitTests {
    @Test func split_separatesJoinedCookies_butNotTheCommaInAnExpiresDate() {
        #expect(SetCookieSplit.split("a=1, b=2") == ["a=1", "b=2"])
        #expect(SetCookieSplit.split("id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, theme=dark; Secure") == [
            "id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/", "theme=dark; Secure",
        ])
        #expect(SetCookieSplit.split("session=s3cr3t-cookie; Path=/") == ["session=s3cr3t-cookie; Path=/"])
    }
}
