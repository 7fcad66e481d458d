/// The body of `POST /models` and `PUT /models/:id`: `{name, content, sender}`, all required
/// on creation [G: MindCloud]; the update's body is [I] (the sandbox takes any of them).
struct ConexteoTemplateRequest: Encodable {
    var name: String?
    var content: String?
    var sender: String?
}
