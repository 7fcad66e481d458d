/// The outcome of creating a sandbox Conexteo sub-account.
public enum SandboxSubAccountCreation: Sendable, Hashable {
    /// The sub-account is stored.
    case created(SandboxConexteoSubAccount)
    /// Another sub-account has this email (compared whatever the case); nothing was stored.
    case emailTaken(SandboxConexteoSubAccount)
}
