/// A request field Conerix would refuse: the error code and message of its 422 answer.
struct ConerixFieldError: Error, Sendable, Equatable {
    /// `missing_parameter` or `invalid_parameter` [I].
    var code: String
    /// Names the field and what it should hold.
    var message: String
}
