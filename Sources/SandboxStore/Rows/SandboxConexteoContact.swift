import Foundation

/// A contact of a sandbox Conexteo list: a number and Conexteo's `champ_*` fields.
public struct SandboxConexteoContact: Sendable, Hashable {
    /// Conexteo's contact fields besides `tel`, in the order its documentation lists them [V].
    public static let fieldNames =
        ["champ_nom", "champ_prenom", "champ_mail", "champ_adresse", "champ_cp", "champ_ville", "champ_date"]
        + (1...10).map { "champ_perso\($0)" }

    /// The contact's id, assigned when stored.
    public var id: Int64?
    /// The list it belongs to.
    public var listID: Int64
    /// The number, E.164.
    public var tel: String
    /// The non-empty fields, keyed by their names in ``fieldNames``.
    public var fields: [String: String]
    /// When it was added.
    public var createdAt: Date

    /// A contact not yet stored; keys of `fields` outside ``fieldNames`` are dropped.
    public init(listID: Int64, tel: String, fields: [String: String] = [:], createdAt: Date) {
        self.listID = listID
        self.tel = tel
        self.fields = fields.filter { Self.fieldNames.contains($0.key) }
        self.createdAt = createdAt
    }
}
