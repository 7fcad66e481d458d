import Foundation
import PostgresNIO
import Storage

extension StopRow: PostgresMapped {
    static let columns = "phone, source, created_at"

    init(postgres c: PostgresColumns) throws {
        self.init(phone: try c("phone"), source: try c.vocabulary("source"), createdAt: try c("created_at"))
    }
}
