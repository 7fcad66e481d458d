import Foundation

/// The time zone a recipient's send window is read in, from the number's country calling code
/// (DESIGN.md §2.7: "in the recipient's time zone"). Only codes that map to one zone are listed,
/// French overseas departments included; for the others (+1, +7, +61…) the number alone cannot
/// tell, and the window's own zone applies.
public enum RecipientZones {
    static let zones: [Int: String] = [
        33: "Europe/Paris", 262: "Indian/Reunion", 590: "America/Guadeloupe", 596: "America/Martinique",
        594: "America/Cayenne", 508: "America/Miquelon", 687: "Pacific/Noumea", 689: "Pacific/Tahiti",
        681: "Pacific/Wallis", 32: "Europe/Brussels", 41: "Europe/Zurich", 352: "Europe/Luxembourg",
        377: "Europe/Monaco", 44: "Europe/London", 353: "Europe/Dublin", 49: "Europe/Berlin", 39: "Europe/Rome",
        31: "Europe/Amsterdam", 43: "Europe/Vienna", 45: "Europe/Copenhagen", 46: "Europe/Stockholm",
        47: "Europe/Oslo", 48: "Europe/Warsaw", 30: "Europe/Athens", 212: "Africa/Casablanca", 213: "Africa/Algiers",
        216: "Africa/Tunis", 221: "Africa/Dakar", 225: "Africa/Abidjan",
    ]

    /// The zone of `number`'s country, when it has exactly one.
    public static func zone(for number: PhoneNumber) -> TimeZone? {
        zones[number.countryCode].flatMap(TimeZone.init(identifier:))
    }
}

extension SendWindow {
    /// This window read in `number`'s zone when it is known, else in the window's own zone.
    public func forRecipient(_ number: PhoneNumber) -> SendWindow {
        guard let zone = RecipientZones.zone(for: number) else { return self }
        var window = self
        window.timeZone = zone
        return window
    }
}
