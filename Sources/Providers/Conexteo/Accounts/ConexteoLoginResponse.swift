/// The answer to `POST /auth/login`: `{access_token, token_type, expires_in}` [I: the
/// NestJS/passport-jwt convention; only the schema name `LoginResponseDto` is public].
struct ConexteoLoginResponse: Decodable {
    var accessToken: String
    var tokenType: String?
    /// Seconds the token lives, when Conexteo says.
    var expiresIn: Double?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case camelAccessToken = "accessToken"
        case token
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // NestJS examples name the token `access_token`; `accessToken` and `token` are read too.
        guard let token = c.lenientString(.accessToken) ?? c.lenientString(.camelAccessToken) ?? c.lenientString(.token),
            !token.isEmpty
        else {
            throw DecodingError.keyNotFound(CodingKeys.accessToken, .init(codingPath: c.codingPath, debugDescription: "no token"))
        }
        accessToken = token
        tokenType = c.lenientString(.tokenType)
        expiresIn = c.lenientDouble(.expiresIn)
    }
}
