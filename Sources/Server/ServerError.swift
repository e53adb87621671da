import HTTPTypes

/// What went wrong with one request or message: sent to the caller as a typed error, never fatal to the server.
///
/// The codes are OpenEnv's WebSocket error codes (plus `UNAUTHORIZED` and `NOT_FOUND`), so its clients read them.
public enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The message or body is not JSON.
  case invalidJSON(String)
  /// A WebSocket message whose `type` is not reset, step, state or close.
  case unknownType(String)
  /// JSON of the wrong shape: a missing or mistyped field.
  case validation(String)
  /// Every session is taken (`--max-sessions`).
  case capacityReached(active: Int, max: Int)
  /// The episode could not be set up: unknown competition, no sandbox, no Python runtime.
  case factory(String)
  /// No episode to act on: a step before a reset, or an unknown `episode_id`.
  case session(String)
  /// A token is required and the request had none, or the wrong one.
  case unauthorized
  /// No such route.
  case notFound(String)

  /// OpenEnv's error code.
  public var code: String {
    switch self {
    case .invalidJSON: return "INVALID_JSON"
    case .unknownType: return "UNKNOWN_TYPE"
    case .validation: return "VALIDATION_ERROR"
    case .capacityReached: return "CAPACITY_REACHED"
    case .factory: return "FACTORY_ERROR"
    case .session: return "SESSION_ERROR"
    case .unauthorized: return "UNAUTHORIZED"
    case .notFound: return "NOT_FOUND"
    }
  }

  public var message: String {
    switch self {
    case .invalidJSON(let detail): return "Invalid JSON: \(detail)"
    case .unknownType(let type): return "Unknown message type: \(type)"
    case .validation(let detail): return detail
    case .capacityReached(let active, let max):
      return "all \(max) sessions are in use (\(active) active); retry later or start the server with more sessions"
    case .factory(let detail): return detail
    case .session(let detail): return detail
    case .unauthorized: return "a token is required: send 'Authorization: Bearer <token>' with the token the server was started with"
    case .notFound(let path): return "no route \(path); routes: POST /reset, POST /step, GET /state, /schema, /metadata, /health, WS /ws"
    }
  }

  public var description: String { "\(code): \(message)" }

  /// The HTTP status of the error on the plain HTTP routes.
  public var status: HTTPResponse.Status {
    switch self {
    case .invalidJSON, .unknownType: return .badRequest
    case .validation: return .unprocessableContent
    case .capacityReached: return .serviceUnavailable
    case .factory: return .badRequest
    case .session: return .notFound
    case .unauthorized: return .unauthorized
    case .notFound: return .notFound
    }
  }

  /// `{"message": ..., "code": ...}`, the `data` of a WebSocket error and the `detail` of an HTTP one.
  var body: ErrorBody {
    var body = ErrorBody(message: message, code: code)
    if case .capacityReached(let active, let max) = self {
      body.activeSessions = active
      body.maxSessions = max
    }
    return body
  }
}

struct ErrorBody: Encodable, Sendable {
  var message: String
  var code: String
  var activeSessions: Int?
  var maxSessions: Int?

  enum CodingKeys: String, CodingKey {
    case message, code, activeSessions = "active_sessions", maxSessions = "max_sessions"
  }
}
