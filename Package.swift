// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "Tatami",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "tatami", targets: ["tatami"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // `tatami serve`: HTTP and WebSocket on SwiftNIO (README, Dependencies).
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
  ],
  targets: [
    // C system libraries, reached through pkg-config; each folder holds a modulemap and a shim header.
    .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

    // glibc calls declared only under _GNU_SOURCE (pipe2, posix_spawn chdir/closefrom, close_range).
    .target(name: "CBasics", cSettings: [.define("_GNU_SOURCE")]),
    // The foundation under every module: the platform import, system calls with typed errors and EINTR retry,
    // files and folders, environment keys and resolved locations, formatting, SHA-256, JSON style, score direction.
    .target(name: "Basics", dependencies: ["CBasics"], swiftSettings: strictSettings),
    // Pure Swift: CSV reading, validation, alignment and the metrics. No C library, no Foundation.
    .target(name: "Scoring", dependencies: ["Basics"], swiftSettings: strictSettings),
    // Bundles, manifests, archives and the catalog index.
    .target(
      name: "Catalog",
      dependencies: ["Basics", "Scoring", "CArchive", .product(name: "Yams", package: "Yams")],
      swiftSettings: strictSettings),
    // The SQLite submission store, reference leaderboards, ranking, medals and HumanRank.
    .target(name: "Leaderboard", dependencies: ["Basics", "Scoring", "Catalog", "CSQLite"], swiftSettings: strictSettings),
    // Imports MLE-bench, MLE-Dojo and Kaggle competitions as bundles, through the committed grader map.
    .target(
      name: "Importers",
      dependencies: ["Basics", "Scoring", "Catalog", "Leaderboard", .product(name: "Yams", package: "Yams")],
      swiftSettings: strictSettings),
    // The terminal: raw mode, keys, diffed frames, and the leaderboard browser's views as pure functions.
    .target(name: "TatamiUI", dependencies: ["Basics", "Leaderboard"], swiftSettings: strictSettings),
    // The loop: episodes, actions, feedback, budgets, trajectories; the sandbox and the agents' Python runtime.
    .target(name: "Arena", dependencies: ["Basics", "Catalog", "Scoring", "Leaderboard"], swiftSettings: strictSettings),
    // Built-in agents (search, baseline, llm) and the external-process driver; the LLM client over libcurl.
    .target(name: "Agents", dependencies: ["Basics", "Arena", "CCurl"], exclude: ["Python"], swiftSettings: strictSettings),
    // `tatami serve`: episodes stepped from outside over OpenEnv's HTTP and WebSocket protocol.
    .target(
      name: "Server",
      dependencies: [
        "Basics", "Arena", "Catalog", "Leaderboard", "Scoring",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
      ],
      swiftSettings: strictSettings),
    // Benches: plans of (agent, competition, seed) episodes, run J at a time as `tatami run` processes, resumable,
    // sharded across machines (Slurm array scripts).
    .target(name: "Bench", dependencies: ["Basics", "Arena", "Leaderboard"], swiftSettings: strictSettings),
    // Reports over benches: medal rates with standard errors, HumanRank, AUP, Elo; JSON, CSV, HTML, MLE-bench's shape.
    .target(name: "Reports", dependencies: ["Basics", "Bench", "Arena", "Leaderboard"], swiftSettings: strictSettings),
    // Argument parsing and output formatting for every command.
    .target(
      name: "TatamiCLI",
      dependencies: [
        "Basics", "Scoring", "Catalog", "Leaderboard", "TatamiUI", "Arena", "Agents", "Server", "Bench", "Reports",
        "Importers",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings),
    .executableTarget(name: "tatami", dependencies: ["TatamiCLI"], swiftSettings: strictSettings),
    // Measures the CSV reader alone (records, fields and number parsing) on a file: benchmarks/README.md.
    .executableTarget(
      name: "csv-throughput", dependencies: ["Scoring"], path: "benchmarks/csv-throughput",
      swiftSettings: strictSettings),

    // Measures the loop's own cost per step (a `run` of `true` in the sandbox): benchmarks/README.md.
    .executableTarget(
      name: "step-overhead", dependencies: ["Arena", "Catalog"], path: "benchmarks/step-overhead",
      swiftSettings: strictSettings),

    .testTarget(name: "BasicsTests", dependencies: ["Basics"], swiftSettings: strictSettings),
    .testTarget(name: "ScoringTests", dependencies: ["Scoring"], swiftSettings: strictSettings),
    .testTarget(
      name: "CatalogTests", dependencies: ["Catalog"], exclude: ["Fixtures"], swiftSettings: strictSettings),
    // What the loop's test targets share: the Python runtime they run agent code with.
    .target(name: "TatamiTestSupport", dependencies: ["Arena"], path: "Tests/TatamiTestSupport", swiftSettings: strictSettings),
    .testTarget(name: "ArenaTests", dependencies: ["Arena", "TatamiTestSupport"], swiftSettings: strictSettings),
    .testTarget(
      name: "AgentsTests", dependencies: ["Agents", "Arena", "Catalog", "TatamiTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(name: "CLITests", dependencies: ["tatami", "Basics"], exclude: ["Fixtures"], swiftSettings: strictSettings),
    // Records submissions in a loop: the concurrency and kill -9 tests run several of these at once.
    .executableTarget(
      name: "store-writer", dependencies: ["Leaderboard"], path: "Tests/StoreWriter", swiftSettings: strictSettings),
    .testTarget(
      name: "LeaderboardTests", dependencies: ["Leaderboard", "Catalog", "CSQLite", "store-writer"],
      exclude: ["Fixtures"], swiftSettings: strictSettings),
    .testTarget(name: "ServerTests", dependencies: ["Server", "Arena", "Catalog"], swiftSettings: strictSettings),
    .testTarget(
      name: "ReportsTests", dependencies: ["Reports", "Bench", "Arena", "Leaderboard"], exclude: ["Fixtures"],
      swiftSettings: strictSettings),
    .testTarget(name: "ImportersTests", dependencies: ["Importers", "Scoring"], swiftSettings: strictSettings),
    .testTarget(name: "TatamiUITests", dependencies: ["TatamiUI", "Leaderboard"], swiftSettings: strictSettings),
  ]
)
