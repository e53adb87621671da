import Foundation
import HummingbirdWebSocket
import NIOCore

/// One WebSocket connection: one session, one episode at a time, messages answered in order.
///
/// A reader task forwards the client's messages and, when the connection drops, kills the running step at once;
/// the episode then ends as `aborted`, so a vanished client leaves no process behind.
enum WebSocketSession {
  static func run(
    inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, registry: SessionRegistry,
    defaultCompetition: String?
  ) async {
    let session: Session
    switch await registry.open() {
    case .success(let opened): session = opened
    case .failure(let error):
      try? await outbound.write(.text(reply(type: "error", error.body)))
      return
    }
    let (messages, continuation) = AsyncStream.makeStream(of: WebSocketMessage.self)
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        do {
          for try await message in inbound.messages(maxSize: 64 << 20) { continuation.yield(message) }
        } catch {}
        continuation.finish()
        session.cancelRunning()
      }
      for await message in messages {
        guard let answer = await handle(message, session: session, defaultCompetition: defaultCompetition) else { break }
        do {
          try await outbound.write(.text(answer))
        } catch {
          break
        }
      }
      group.cancelAll()
    }
    await session.close(note: "the client disconnected")
    await registry.remove(session)
  }

  /// The reply to one message, or nil for `close`.
  static func handle(_ message: WebSocketMessage, session: Session, defaultCompetition: String?) async -> String? {
    let bytes: Data
    switch message {
    case .text(let text): bytes = Data(text.utf8)
    case .binary(let buffer): bytes = Data(buffer.readableBytesView)
    }
    do {
      let object = try WireJSON.object(bytes)
      let type = object["type"] as? String ?? ""
      let data = object["data"] ?? [String: Any]()
      switch type {
      case "reset":
        guard let data = data as? [String: Any] else { throw ServerError.validation("\"data\" of a reset must be an object") }
        let options = try ResetOptions.parse(data, defaultCompetition: defaultCompetition)
        return try reply(type: "observation", await session.reset(options).get())
      case "step":
        guard let data = data as? [String: Any] else {
          throw ServerError.validation("\"data\" of a step must be an action object, e.g. {\"action\": \"run\", \"code\": \"print(1)\"}")
        }
        // OpenEnv's client sends the action itself as data; `{"action": {...}, "timeout_s": ...}` also works.
        let action = (data["action"] as? [String: Any]) ?? data
        let step = try StepRequest.parse(action: action, timeout: data["timeout_s"])
        return try reply(type: "observation", await session.step(step).get())
      case "state":
        return reply(type: "state", await session.state())
      case "close":
        return nil
      default:
        throw ServerError.unknownType(type)
      }
    } catch let error as ServerError {
      return reply(type: "error", error.body)
    } catch {
      return reply(type: "error", ErrorBody(message: "\(error)", code: "EXECUTION_ERROR"))
    }
  }

  static func reply(type: String, _ data: some Encodable & Sendable) -> String {
    String(decoding: WireJSON.encode(Envelope(type: type, data: data)), as: UTF8.self)
  }
}
