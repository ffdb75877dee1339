import Foundation

extension LabProcess {
    /// What one run of lab printed, and how it ended.
    package struct Output: Sendable {
        /// The exit status, or the number of the signal that ended lab.
        package var status: Int32
        /// Everything lab wrote on stdout.
        package var stdout: String
        /// Everything lab wrote on stderr.
        package var stderr: String

        /// stdout parsed as a JSON object, as `--json` prints it.
        package func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            guard let dictionary = object as? [String: Any] else { throw TestSetupError("stdout is not a JSON object: \(stdout.prefix(200))") }
            return dictionary
        }
    }
}
