import Hummingbird

extension ConexteoAPI {
    /// Adds the directory routes (stops, contact lists, contacts, and the send to contact lists)
    /// below `/conexteo`; every one needs the API key like the rest of the API.
    func addDirectoryRoutes(to group: RouterGroup<SandboxRequestContext>) {
        // Stops [G paths; the file upload is I].
        group.get("stops/all") { request, _ in await authorized(request) { await listStops($0) } }
        group.post("stops") { request, _ in await authorized(request) { await addStop($0) } }
        group.post("stops/file") { request, _ in await authorized(request) { await addStops(fromFile: $0) } }
        group.delete("stops/:id") { request, context in
            await authorized(request) { _ in await deleteStop(context.parameters.get("id")) }
        }

        // Contact lists [V: create, list, extract; G: the rest].
        group.post("contactlists") { request, _ in await authorized(request) { await createContactList($0) } }
        group.get("contactlists") { request, _ in await authorized(request) { await listContactLists($0) } }
        group.get("contactlists/:id") { request, context in
            await authorized(request) { _ in await readContactList(context.parameters.get("id")) }
        }
        group.put("contactlists/:id") { request, context in
            await authorized(request) { await renameContactList(context.parameters.get("id"), $0) }
        }
        group.delete("contactlists/:id") { request, context in
            await authorized(request) { _ in await deleteContactList(context.parameters.get("id")) }
        }
        group.get("contactlists/:id/contacts") { request, context in
            await authorized(request) { await listContacts(context.parameters.get("id"), $0) }
        }
        group.get("contactlists/:id/contacts-extract") { request, context in
            await authorized(request) { _ in await extractContacts(context.parameters.get("id")) }
        }

        // Contacts [V: add, delete; G: update; I: details and the file upload].
        group.post("contacts") { request, _ in await authorized(request) { await addContacts($0) } }
        group.post("contacts/file") { request, _ in await authorized(request) { await addContacts(fromFile: $0) } }
        group.get("contacts/:id") { request, context in
            await authorized(request) { _ in await readContact(context.parameters.get("id")) }
        }
        group.put("contacts/:id") { request, context in
            await authorized(request) { await updateContact(context.parameters.get("id"), $0) }
        }
        group.delete("contacts/:id") { request, context in
            await authorized(request) { _ in await deleteContact(context.parameters.get("id")) }
        }

        // Send to contact lists [G], and its legacy path [V: WP connector `sendMessageToList()`].
        group.post("messages/sms/contactlist") { request, _ in await authorized(request) { await sendToContactLists($0) } }
        group.post("messages/contactlist") { request, _ in await authorized(request) { await sendToContactLists($0) } }
    }

    /// A path id as a positive integer, or the 400 naming it (NestJS's ParseIntPipe [I]).
    static func pathID(_ raw: String?, _ what: String) -> Result<Int64, ConexteoSend.Invalid> {
        guard let raw, let id = Int64(raw), id > 0 else {
            return .failure(ConexteoSend.Invalid(messages: ["\(what) id must be a positive integer (got \(raw ?? "nothing"))"]))
        }
        return .success(id)
    }
}
