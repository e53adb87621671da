import Arena
import Catalog
import Dispatch
import Foundation

/// One caller's episode (a WebSocket connection, or an HTTP `episode_id`): the Episode lives on the session's own
/// serial queue, so its blocking steps never hold the server's event loops, and its steps run in the order sent.
final class Session: @unchecked Sendable {
  let id: String
  private let factory: EpisodeFactory
  private let queue: DispatchQueue
  /// Touched only on `queue`.
  private var episode: Episode?
  private var episodeID: String?
  /// The running episode's cancellation, readable from any thread (a disconnect ends the running step).
  private let lock = NSLock()
  private var cancellation: Cancellation?
  private var lastUsed = ContinuousClock.now
  private var finished = false

  init(id: String, factory: EpisodeFactory) {
    self.id = id
    self.factory = factory
    queue = DispatchQueue(label: "tatami.session.\(id)")
  }

  /// True once the episode ended (the session then only answers `state`).
  var isFinished: Bool { lock.withLock { finished } }
  var idle: Duration { lock.withLock { ContinuousClock.now - lastUsed } }

  /// Ends the current episode (if any) and starts a new one.
  func reset(_ options: ResetOptions) async -> Result<StepResult, ServerError> {
    await onQueue { () -> Result<StepResult, ServerError> in
      self.episode?.end(.aborted, note: "reset by the caller")
      self.episode = nil
      do throws(ServerError) {
        let episode = try self.factory.make(options)
        self.episode = episode
        self.episodeID = options.episodeID ?? episode.workspace.runID
        self.lock.withLock {
          self.cancellation = episode.cancellation
          self.finished = false
        }
        let observation = Observation(
          text: Rendering.task(episode.task), episodeID: self.episodeID ?? "", runID: episode.workspace.runID,
          competition: episode.manifest.id, step: 0, task: episode.task, feedback: nil)
        return .success(StepResult(observation: observation, reward: nil, done: false))
      } catch {
        return .failure(error)
      }
    }
  }

  /// One step through the same `Episode.take` as `tatami run`'s agent loop.
  func step(_ request: StepRequest) async -> Result<StepResult, ServerError> {
    await onQueue { () -> Result<StepResult, ServerError> in
      guard let episode = self.episode else { return .failure(.session("no episode yet: send a reset first")) }
      let feedback = episode.take(request.turn, timeout: request.timeout)
      if episode.isOver { self.lock.withLock { self.finished = true } }
      let observation = Observation(
        text: Rendering.feedback(feedback), episodeID: self.episodeID ?? "", runID: episode.workspace.runID,
        competition: episode.manifest.id, step: feedback.step, task: nil, feedback: feedback)
      return .success(StepResult(observation: observation, reward: feedback.reward, done: feedback.done || episode.isOver))
    }
  }

  func state() async -> EpisodeState {
    await onQueue { () -> EpisodeState in
      guard let episode = self.episode else { return .empty }
      let left = episode.meter.left
      return EpisodeState(
        episodeID: self.episodeID, stepCount: episode.nextStep - 1, runID: episode.workspace.runID,
        competition: episode.manifest.id, stepsLeft: left.stepsLeft, secondsLeft: left.secondsLeft,
        bestPublicScore: episode.bestPublicScore, done: episode.isOver, status: episode.status,
        result: episode.result)
    }
  }

  /// Kills the running step's processes at once; callable from any thread.
  func cancelRunning() {
    lock.withLock { cancellation }?.cancel()
  }

  /// Ends the episode (recorded as `aborted` with the note unless it was over) once the running step is done.
  func close(note: String) async {
    await onQueue { () -> Void in
      self.episode?.end(.aborted, note: note)
      self.lock.withLock { self.finished = true }
    }
  }

  private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    lock.withLock { lastUsed = .now }
    return await withCheckedContinuation { continuation in
      queue.async {
        let value = body()
        self.lock.withLock { self.lastUsed = .now }
        continuation.resume(returning: value)
      }
    }
  }
}

/// The sessions open at once, capped at `--max-sessions`; HTTP episodes are also found by their `episode_id`.
actor SessionRegistry {
  let maxSessions: Int
  /// An HTTP episode no request touched for this long may be closed to make room.
  let idleLimit: Duration
  private let factory: EpisodeFactory
  private var sessions: [String: Session] = [:]
  private var byEpisode: [String: Session] = [:]
  private var counter = 0

  init(maxSessions: Int, idleLimit: Duration, factory: EpisodeFactory) {
    self.maxSessions = maxSessions
    self.idleLimit = idleLimit
    self.factory = factory
  }

  var count: Int { sessions.count }

  /// A new session, if there is room: finished or idle HTTP episodes make room first.
  func open() async -> Result<Session, ServerError> {
    if sessions.count >= maxSessions { await evictHTTP() }
    guard sessions.count < maxSessions else { return .failure(.capacityReached(active: sessions.count, max: maxSessions)) }
    counter += 1
    let session = Session(id: "s\(counter)", factory: factory)
    sessions[session.id] = session
    return .success(session)
  }

  func remove(_ session: Session) {
    sessions[session.id] = nil
    for (key, value) in byEpisode where value === session { byEpisode[key] = nil }
  }

  /// The HTTP session of an episode id; with none given, the only open one.
  func httpSession(_ episodeID: String?) -> Result<Session, ServerError> {
    if let episodeID {
      guard let session = byEpisode[episodeID] else { return .failure(.session("no episode \"\(episodeID)\"; reset it first")) }
      return .success(session)
    }
    guard byEpisode.count == 1, let only = byEpisode.values.first else {
      return .failure(.session(byEpisode.isEmpty ? "no episode yet: POST /reset first"
        : "\(byEpisode.count) HTTP episodes are open: name one with \"episode_id\""))
    }
    return .success(only)
  }

  func bind(_ episodeID: String, to session: Session) { byEpisode[episodeID] = session }

  private func evictHTTP() async {
    for (key, session) in byEpisode where session.isFinished || session.idle > idleLimit {
      byEpisode[key] = nil
      sessions[session.id] = nil
      session.cancelRunning()
      await session.close(note: "closed to make room: idle for \(Int(session.idle.seconds)) s")
    }
  }

  /// Every session's episode ends (server shutdown).
  func closeAll() async {
    for session in sessions.values {
      session.cancelRunning()
      await session.close(note: "the server stopped")
    }
    sessions = [:]
    byEpisode = [:]
  }
}
