import Arena
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// How `tatami serve` listens.
public struct ServerOptions: Sendable {
  public var host: String
  /// 0 picks a free port; the chosen one is printed once listening.
  public var port: Int
  public var maxSessions: Int
  /// Required on every request when set (`Authorization: Bearer <token>`, or `?token=` on the WebSocket URL).
  public var token: String?
  /// An HTTP episode untouched this long may be closed when every session is taken.
  public var idleLimit: Duration

  public init(host: String, port: Int, maxSessions: Int, token: String?, idleLimit: Duration = .seconds(600)) {
    self.host = host
    self.port = port
    self.maxSessions = maxSessions
    self.token = token
    self.idleLimit = idleLimit
  }
}

/// Why the server does not start. The description names no flag; the CLI renders its own message from the
/// case, naming the option to change.
public enum ServeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Listening beyond loopback without a token would hand code execution to the network.
  case tokenRequired(host: String)
  /// `maxSessions` is below 1.
  case sessionsBelowOne(Int)
  /// The port is outside 0...65535.
  case portOutOfRange(Int)

  public var description: String {
    switch self {
    case .tokenRequired(let host): return "listening on \(host) (not loopback) needs a token"
    case .sessionsBelowOne(let count): return "the server needs at least 1 session at once, not \(count)"
    case .portOutOfRange(let port): return "the port must be 0 to 65535, not \(port)"
    }
  }
}

/// `tatami serve`: Tatami episodes stepped from outside over OpenEnv's HTTP routes and WebSocket session.
///
/// Routes: `POST /reset`, `POST /step`, `GET /state`, `/schema`, `/metadata`, `/health`, and `WS /ws` with messages
/// `{type: reset|step|state|close, data}` answered by `{type: observation|state|error, data}` (docs/serve.md).
public struct TatamiServer: Sendable {
  let options: ServerOptions
  let registry: SessionRegistry
  let defaultCompetition: String?

  public init(options: ServerOptions, environment: ServerEnvironment) throws(ServeError) {
    guard options.maxSessions >= 1 else { throw .sessionsBelowOne(options.maxSessions) }
    guard (0...65535).contains(options.port) else { throw .portOutOfRange(options.port) }
    if options.token?.isEmpty ?? true, !Self.isLoopback(options.host) { throw .tokenRequired(host: options.host) }
    self.options = options
    self.defaultCompetition = environment.defaultCompetition
    registry = SessionRegistry(
      maxSessions: options.maxSessions, idleLimit: options.idleLimit, factory: EpisodeFactory(environment: environment))
  }

  static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
  }

  /// Listens until SIGINT or SIGTERM; `ready` gets the bound port once listening. Open episodes end as `aborted`.
  public func run(ready: @escaping @Sendable (Int) -> Void) async throws {
    let router = Router(context: BasicWebSocketRequestContext.self)
    if let token = options.token, !token.isEmpty { router.middlewares.add(TokenMiddleware(token: token)) }
    addRoutes(router)
    var logger = Logger(label: "tatami.serve")
    logger.logLevel = .warning
    let app = Application(
      router: router,
      // One router for both, so the token middleware also guards the WebSocket upgrade.
      server: .http1WebSocketUpgrade(
        webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 64 << 20))),
      configuration: .init(address: .hostname(options.host, port: options.port), serverName: "tatami"),
      onServerRunning: { channel in ready(channel.localAddress?.port ?? 0) },
      logger: logger)
    try await app.runService()
    await registry.closeAll()
  }

  // MARK: - Routes

  private func addRoutes(_ router: Router<BasicWebSocketRequestContext>) {
    let registry = self.registry
    let defaultCompetition = self.defaultCompetition
    router.get("/health") { _, _ in json(HealthReply(status: "healthy", activeSessions: await registry.count, maxSessions: registry.maxSessions)) }
    router.get("/metadata") { _, _ in json(Metadata.current) }
    router.get("/schema") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: Schemas.all)))
    }
    router.post("/reset") { request, _ in
      await respond {
        let object = try await body(request, emptyAllowed: true)
        let options = try ResetOptions.parse(object, defaultCompetition: defaultCompetition)
        return try await HTTPEpisodes.reset(options, registry: registry)
      }
    }
    router.post("/step") { request, _ in
      await respond {
        let object = try await body(request, emptyAllowed: false)
        guard let action = object["action"] as? [String: Any] else {
          throw ServerError.validation("the body needs \"action\": an object like {\"action\": \"run\", \"code\": \"print(1)\"}")
        }
        let step = try StepRequest.parse(action: action, timeout: object["timeout_s"])
        return try await HTTPEpisodes.step(step, episodeID: object["episode_id"] as? String, registry: registry)
      }
    }
    router.get("/state") { request, _ in
      await respond {
        let id = request.uri.queryParameters["episode_id"].map(String.init)
        switch await registry.httpSession(id) {
        case .success(let session): return await session.state()
        case .failure(let error):
          if id == nil, case .session = error { return EpisodeState.empty }
          throw error
        }
      }
    }
    router.ws("/ws") { inbound, outbound, _ in
      await WebSocketSession.run(
        inbound: inbound, outbound: outbound, registry: registry, defaultCompetition: defaultCompetition)
    }
  }
}

/// Reads a request body as a JSON object (`{}` when empty and allowed).
private func body(_ request: Request, emptyAllowed: Bool) async throws -> [String: Any] {
  var request = request
  let buffer = try await request.collectBody(upTo: 64 << 20)
  if buffer.readableBytes == 0 {
    guard emptyAllowed else { throw ServerError.validation("the body is empty; send a JSON object") }
    return [:]
  }
  return try WireJSON.object(Data(buffer.readableBytesView))
}

/// Runs a handler, turning a `ServerError` into its HTTP status and `{"detail": {...}}`.
private func respond(_ body: () async throws -> some Encodable & Sendable) async -> Response {
  do {
    return json(try await body())
  } catch let error as ServerError {
    return json(ErrorReply(detail: error.body), status: error.status)
  } catch {
    return json(ErrorReply(detail: ErrorBody(message: "\(error)", code: "EXECUTION_ERROR")), status: .internalServerError)
  }
}

private func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
  Response(
    status: status, headers: [.contentType: "application/json"],
    body: .init(byteBuffer: ByteBuffer(bytes: WireJSON.encode(value))))
}

/// Stateless HTTP clients step an episode by its `episode_id` (the only open one when they name none).
enum HTTPEpisodes {
  static func reset(_ options: ResetOptions, registry: SessionRegistry) async throws -> StepResult {
    var session: Session
    if let id = options.episodeID, case .success(let existing) = await registry.httpSession(id) {
      session = existing
    } else {
      switch await registry.open() {
      case .success(let opened): session = opened
      case .failure(let error): throw error
      }
    }
    switch await session.reset(options) {
    case .success(let result):
      await registry.bind(result.observation.episodeID, to: session)
      return result
    case .failure(let error):
      await registry.remove(session)
      throw error
    }
  }

  static func step(_ request: StepRequest, episodeID: String?, registry: SessionRegistry) async throws -> StepResult {
    let session: Session
    switch await registry.httpSession(episodeID) {
    case .success(let found): session = found
    case .failure(let error): throw error
    }
    switch await session.step(request) {
    case .success(let result): return result
    case .failure(let error): throw error
    }
  }
}

/// Requires the token on every request: `Authorization: Bearer <token>`, or `?token=` (WebSocket clients that
/// cannot set headers).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
  let token: String

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let header = request.headers[.authorization]
    let query = request.uri.queryParameters["token"].map(String.init)
    guard header == "Bearer \(token)" || query == token else {
      return json(ErrorReply(detail: ServerError.unauthorized.body), status: .unauthorized)
    }
    return try await next(request, context)
  }
}

struct HealthReply: Encodable, Sendable {
  var status: String
  var activeSessions: Int
  var maxSessions: Int

  enum CodingKeys: String, CodingKey { case status, activeSessions = "active_sessions", maxSessions = "max_sessions" }
}

/// OpenEnv's `EnvironmentMetadata`.
struct Metadata: Encodable, Sendable {
  var name: String
  var description: String
  var readmeContent: String?
  var version: String?
  var author: String?
  var documentationURL: String?

  enum CodingKeys: String, CodingKey {
    case name, description, readmeContent = "readme_content", version, author, documentationURL = "documentation_url"
  }

  static let current = Metadata(
    name: "tatami",
    description: "Kaggle-style machine-learning competitions: each episode is one competition with its own workspace"
      + " and sandbox; actions run Python or shell code, submit predictions (scored on the Public rows) or finish"
      + " (scored on the hidden Private rows).",
    readmeContent: nil, version: "0.1", author: "Tatami", documentationURL: "docs/serve.md")
}
