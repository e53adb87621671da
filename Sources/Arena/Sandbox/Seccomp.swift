import Basics

/// The seccomp filter bubblewrap installs before agent code starts (`--seccomp 3`): it refuses new user
/// namespaces.
///
/// As root the sandbox has no user namespace of its own (the code runs as an unprivileged uid for RLIMIT_NPROC),
/// so bubblewrap's `--disable-userns` does not apply, and an unprivileged process may otherwise create a user
/// namespace and hold every capability inside it. The filter answers `unshare` and `clone` with `CLONE_NEWUSER`
/// with EPERM, `clone3` (whose flags sit in memory a filter cannot read) with ENOSYS so the C library falls back
/// to `clone`, and every system call of another ABI (32-bit `int 0x80`, x32) with ENOSYS.
enum SeccompFilter {
  /// The compiled classic-BPF program for this machine's architecture, or nil where none is defined.
  static var program: [UInt8]? {
    guard let numbers = SyscallNumbers.native else { return nil }
    return assemble(instructions(numbers))
  }

  struct SyscallNumbers {
    let audit: UInt32
    let clone: UInt32
    let unshare: UInt32
    let clone3: UInt32
    /// Numbers from this bit up are another ABI on the same architecture (x32 on x86-64).
    let foreignABIBit: UInt32?

    static var native: SyscallNumbers? {
      #if arch(x86_64)
        return SyscallNumbers(audit: 0xC000_003E, clone: 56, unshare: 272, clone3: 435, foreignABIBit: 0x4000_0000)
      #elseif arch(arm64)
        return SyscallNumbers(audit: 0xC000_00B7, clone: 220, unshare: 97, clone3: 435, foreignABIBit: nil)
      #else
        return nil
      #endif
    }
  }

  /// One instruction before jumps are resolved: jump targets are labels.
  enum Instruction: Equatable {
    case load(offset: UInt32)
    case jumpIfEqual(UInt32, to: String)
    case jumpIfAtLeast(UInt32, to: String)
    case jumpIfAnySet(UInt32, to: String)
    case ret(UInt32)
    case label(String)
  }

  static let allow: UInt32 = 0x7FFF_0000
  static func error(_ code: Int32) -> UInt32 { 0x0005_0000 | UInt32(code) }
  static let cloneNewUser: UInt32 = 0x1000_0000

  static func instructions(_ numbers: SyscallNumbers) -> [Instruction] {
    // struct seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low 32 bits, little-endian).
    var program: [Instruction] = [
      .load(offset: 4), .jumpIfEqual(numbers.audit, to: "native"), .ret(error(ENOSYS)),
      .label("native"), .load(offset: 0),
    ]
    if let bit = numbers.foreignABIBit { program += [.jumpIfAtLeast(bit, to: "enosys")] }
    program += [
      .jumpIfEqual(numbers.clone3, to: "enosys"),
      .jumpIfEqual(numbers.unshare, to: "flags"),
      .jumpIfEqual(numbers.clone, to: "flags"),
      .ret(allow),
      .label("flags"), .load(offset: 16), .jumpIfAnySet(cloneNewUser, to: "eperm"), .ret(allow),
      .label("eperm"), .ret(error(EPERM)),
      .label("enosys"), .ret(error(ENOSYS)),
    ]
    return program
  }

  /// `struct sock_filter` entries (code, jt, jf, k), little-endian, with label jumps turned into offsets.
  static func assemble(_ program: [Instruction]) -> [UInt8] {
    var labels: [String: Int] = [:]
    var index = 0
    for instruction in program {
      if case .label(let name) = instruction { labels[name] = index } else { index += 1 }
    }
    var bytes: [UInt8] = []
    var position = 0
    func emit(_ code: UInt16, _ jt: Int, _ jf: Int, _ k: UInt32) {
      bytes += [UInt8(code & 0xFF), UInt8(code >> 8), UInt8(jt), UInt8(jf)]
      bytes += [UInt8(k & 0xFF), UInt8((k >> 8) & 0xFF), UInt8((k >> 16) & 0xFF), UInt8(k >> 24)]
      position += 1
    }
    func offset(_ label: String) -> Int { labels[label]! - position - 1 }
    for instruction in program {
      switch instruction {
      case .label: continue
      case .load(let at): emit(0x20, 0, 0, at)  // BPF_LD | BPF_W | BPF_ABS
      case .jumpIfEqual(let value, let label): emit(0x15, offset(label), 0, value)  // BPF_JMP | BPF_JEQ | BPF_K
      case .jumpIfAtLeast(let value, let label): emit(0x35, offset(label), 0, value)  // BPF_JMP | BPF_JGE | BPF_K
      case .jumpIfAnySet(let value, let label): emit(0x45, offset(label), 0, value)  // BPF_JMP | BPF_JSET | BPF_K
      case .ret(let value): emit(0x06, 0, 0, value)  // BPF_RET | BPF_K
      }
    }
    return bytes
  }
}
