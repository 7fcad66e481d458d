import ArgumentParser
import Engine
import Foundation
import Providers
import Storage

/// `moonwire credits`: the account's remaining credits.
struct CreditsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credits",
        abstract: "Show the provider account's remaining credits.",
        discussion: """
            Conexteo answers with one line per credit bucket: credits left, the kind of message \
            they pay for, the label and the price of one credit. The in-process sandbox has no \
            balance (it says so); Conerix publishes no credits endpoint. The provider is \
            --provider, else MOONWIRE_PROVIDER, else the sandbox.

            Examples:
              MOONWIRE_PROVIDER=conexteo CONEXTEO_API_KEY=... moonwire credits
              moonwire credits --provider conexteo --json
            """)

    @OptionGroup var providerOptions: ProviderOptions

    @Flag(name: .long, help: "Print a JSON array of buckets.")
    var json = false

    func run() async throws {
        let (_, client) = try providerOptions.open()
        guard let reporting = client as? any CreditReportingProvider else {
            if json { print("[]") }
            StandardError.write("moonwire: \(client.name) has no credits endpoint")
            return
        }
        let buckets: [CreditBucket]
        do throws(ProviderError) {
            buckets = try await reporting.creditBalance()
        } catch {
            StandardError.write("moonwire: \(error.code): \(error.message)")
            throw ExitCode(1)
        }
        // An unlimited balance (the sandbox's) has no figure to print.
        if !buckets.isEmpty, buckets.allSatisfy(\.isUnlimited) {
            if json { print("[]") }
            StandardError.write("moonwire: the \(client.name) has no balance: every send is accepted")
            return
        }
        if json {
            let rows: [[String: Any]] = buckets.map { b in
                var row: [String: Any] = ["credits": b.credits]
                if let label = b.label { row["label"] = label }
                if let type = b.messageType { row["type"] = type }  // the name `credits()` gives it in Lua
                if let price = b.price { row["price"] = price }
                return row
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for b in buckets {
                let price = b.price.map { String(format: "%.4f EUR/credit", $0) } ?? ""
                print([String(format: "%.2f", b.credits), b.messageType ?? "-", b.label ?? "-", price]
                    .joined(separator: "  "))
            }
        }
    }
}
