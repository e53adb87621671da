import CCurl

import Basics

/// A failed HTTP exchange: the transport's error or the server's status and body.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 0 when no response came (connection refused, timeout).
  public var status: Int
  public var message: String
  /// True for failures worth retrying: 429, 5xx, timeouts, refused or reset connections.
  public var retryable: Bool

  public var description: String { status == 0 ? message : "HTTP \(status): \(message)" }
}

/// One libcurl easy handle, owned by this object (created in `init`, cleaned up in `deinit`); not shared
/// between threads.
public final class HTTPClient {
  private let handle: UnsafeMutableRawPointer

  private static let globalInit: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

  public init() throws(HTTPError) {
    guard Self.globalInit, let handle = curl_easy_init() else {
      throw HTTPError(status: 0, message: "libcurl could not start", retryable: false)
    }
    self.handle = handle
  }

  deinit { curl_easy_cleanup(handle) }

  /// POSTs `body` and returns the response body on a 2xx status.
  public func post(url: String, headers: [String], body: [UInt8], timeoutSeconds: Int) throws(HTTPError) -> [UInt8] {
    curl_easy_reset(handle)
    final class Sink {
      var bytes: [UInt8] = []
    }
    let sink = Sink()
    var list: UnsafeMutablePointer<curl_slist>?
    for header in headers { list = curl_slist_append(list, header) }
    defer { curl_slist_free_all(list) }
    let writer: curl_write_callback = { data, size, count, context in
      guard let data, let context else { return 0 }
      let sink = Unmanaged<AnyObject>.fromOpaque(context).takeUnretainedValue() as! Sink
      let total = size * count
      data.withMemoryRebound(to: UInt8.self, capacity: total) {
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: total))
      }
      return total
    }
    let context = Unmanaged.passUnretained(sink as AnyObject).toOpaque()
    var code = CURLE_OK
    body.withUnsafeBufferPointer { bodyPointer in
      _ = ccurl_set_text(handle, CURLOPT_URL, url)
      _ = ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)
      _ = ccurl_set_long(handle, CURLOPT_POST, 1)
      _ = ccurl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyPointer.baseAddress))
      _ = ccurl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
      _ = ccurl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
      _ = ccurl_set_long(handle, CURLOPT_TIMEOUT_MS, timeoutSeconds * 1000)
      _ = ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutSeconds, 30) * 1000)
      _ = ccurl_set_writer(handle, writer)
      _ = ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context)
      code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
    }
    guard code == CURLE_OK else {
      let message = String(cString: curl_easy_strerror(code))
      let retryable = [CURLE_OPERATION_TIMEDOUT, CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
                       CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE].contains(code)
      throw HTTPError(status: 0, message: message, retryable: retryable)
    }
    var status = 0
    _ = ccurl_info_long(handle, CURLINFO_RESPONSE_CODE, &status)
    guard (200..<300).contains(status) else {
      throw HTTPError(
        status: status, message: String(decoding: sink.bytes.prefix(500), as: UTF8.self),
        retryable: status == 429 || status >= 500)
    }
    return sink.bytes
  }
}
