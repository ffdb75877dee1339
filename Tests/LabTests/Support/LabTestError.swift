/// A test expectation about the lab's output that failed to hold.
struct LabTestError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
