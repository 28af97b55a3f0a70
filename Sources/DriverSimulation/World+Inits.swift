/// Public initialisers for the state values other modules rebuild from a compact form (the
/// explorer's packed states); the synthesized memberwise ones are internal. Pure; they assign.
extension HandlerFlow {
    public init(call: CrossCall, pc: HandlerPC, inline: Bool, returning rc: Errno) {
        self.call = call
        self.pc = pc
        self.inline = inline
        self.rc = rc
    }
}

extension CrossCall {
    public init(_ kind: Kind, from caller: Int, forTracerOf tracerCPU: Int) {
        self.kind = kind
        self.caller = caller
        self.tracerCPU = tracerCPU
    }
}

extension SavedContext {
    public init(copyOf unit: TraceUnit, claim: ClaimTags, ownedAtSave: Bool) {
        self.unit = unit
        self.claim = claim
        self.ownedAtSave = ownedAtSave
    }
}
