import Arena
import Foundation

/// OpenAI-compatible chat completions over libcurl, with retries and token accounting.
public final class ChatClient {
  public struct Reply: Sendable {
    public var content: String
    public var usage: TokenUsage
  }

  let options: LLMOptions
  let http: HTTPClient
  /// Seconds before the first retry; doubled each time (with jitter), at most 30 s.
  var retryBaseSeconds: Double
  /// Retries the last request needed (for tests and logs).
  public private(set) var lastRetries = 0
  /// Called before each retry, so the user sees it as it happens rather than a silent wait.
  public var onRetry: (@Sendable (Retry) -> Void)?

  /// One retry about to happen.
  public struct Retry: Sendable {
    public var url: String
    public var attempt: Int
    public var maxRetries: Int
    public var delaySeconds: Double
    public var error: HTTPError
  }

  /// The chat completions endpoint under the base URL.
  public var url: String {
    options.baseURL.hasSuffix("/") ? options.baseURL + "chat/completions" : options.baseURL + "/chat/completions"
  }

  public init(options: LLMOptions, retryBaseSeconds: Double = 1) throws(HTTPError) {
    self.options = options
    self.http = try HTTPClient()
    self.retryBaseSeconds = retryBaseSeconds
  }

  /// One completion; retries 429, 5xx, timeouts and refused connections with exponential backoff.
  public func complete(_ messages: [ChatMessage], timeoutSeconds: Int) throws(HTTPError) -> Reply {
    var body: [String: Any] = [
      "model": options.model, "temperature": options.temperature, "max_tokens": options.maxTokens,
      "messages": messages.map { ["role": $0.role, "content": $0.content] },
    ]
    body["stream"] = false
    let payload = (try? JSONSerialization.data(withJSONObject: body)).map { [UInt8]($0) } ?? []
    var headers = ["Content-Type: application/json", "Accept: application/json"]
    if let key = options.apiKey { headers.append("Authorization: Bearer \(key)") }
    let url = self.url
    var attempt = 0
    while true {
      do {
        let bytes = try http.post(
          url: url, headers: headers, body: payload, timeoutSeconds: min(timeoutSeconds, options.requestTimeoutSeconds))
        lastRetries = attempt
        return try parse(bytes)
      } catch {
        guard error.retryable, attempt < options.maxRetries else { throw error }
        attempt += 1
        let delay = min(30, retryBaseSeconds * pow(2, Double(attempt - 1))) * Double.random(in: 0.8...1.2)
        onRetry?(Retry(url: url, attempt: attempt, maxRetries: options.maxRetries, delaySeconds: delay, error: error))
        usleep(useconds_t(delay * 1_000_000))
      }
    }
  }

  private func parse(_ bytes: [UInt8]) throws(HTTPError) -> Reply {
    guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
      let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any]
    else {
      throw HTTPError(
        status: 200, message: "not a chat completion: \(String(decoding: bytes.prefix(300), as: UTF8.self))",
        retryable: false)
    }
    let content = message["content"] as? String ?? ""
    let usage = object["usage"] as? [String: Any]
    let prompt = (usage?["prompt_tokens"] as? NSNumber)?.intValue ?? 0
    let completion = (usage?["completion_tokens"] as? NSNumber)?.intValue ?? 0
    let cost = Double(prompt) * options.promptPricePerMillion / 1e6
      + Double(completion) * options.completionPricePerMillion / 1e6
    return Reply(
      content: content, usage: TokenUsage(promptTokens: prompt, completionTokens: completion, costUSD: cost))
  }
}
