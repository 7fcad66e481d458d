import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoTemplate: PostgresMapped {
    static let columns = """
        id, kind, name, content, sender, rcs_type, rcs_text, rcs_card, rcs_carousel, shorturl, fallback_content,
        fallback_sender, created_at, updated_at
        """

    init(postgres c: PostgresColumns) throws {
        self.init(
            id: try c("id"), kind: try c.vocabulary("kind"), name: try c("name"), content: try c("content"), sender: try c("sender"),
            rcsType: try c("rcs_type"), rcsText: try c("rcs_text"), rcsCard: try c("rcs_card"), rcsCarousel: try c("rcs_carousel"),
            shortURL: try c("shorturl"), fallbackContent: try c("fallback_content"), fallbackSender: try c("fallback_sender"),
            createdAt: try c("created_at"), updatedAt: try c("updated_at"))
    }
}
