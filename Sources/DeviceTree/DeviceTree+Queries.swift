/// The few node facts the CoreSight reading needs, with the kernel's rules for each.
extension DeviceTree {
    func compatibles(of node: NodeID) -> [String] { self[node].property("compatible")?.strings ?? [] }

    /// `of_device_is_available()`: no status, or "okay"/"ok".
    func isEnabled(_ node: NodeID) -> Bool {
        guard let status = self[node].property("status")?.strings.first else { return true }
        return status == "okay" || status == "ok"
    }

    /// Enabled and under enabled parents: the kernel does not populate devices below a disabled bus.
    func isAvailable(_ node: NodeID) -> Bool {
        var current: NodeID? = node
        while let id = current, id != Self.root {
            if self[id].isDeleted || !isEnabled(id) { return false }
            current = self[id].parent
        }
        return true
    }

    /// The register base: the unit address (`etm@22040000`), else the first `reg` address.
    func registerBase(of node: NodeID) -> UInt64? {
        if let unit = self[node].unitAddress, !unit.isEmpty, unit.count <= 16, let value = UInt64(unit, radix: 16) {
            return value
        }
        guard let reg = self[node].property("reg") else { return nil }
        let addressCells = self[node].parent.map(addressCells(of:)) ?? 2
        let cells = reg.cells.prefix(addressCells)
        guard (1...2).contains(addressCells), cells.count == addressCells else { return nil }
        var address: UInt64 = 0
        for cell in cells {
            guard case .number(let value) = cell.cell else { return nil }
            address = address << 32 | (value & 0xFFFF_FFFF)
        }
        return address
    }

    /// `#address-cells` of a parent node; 2 when absent, as the DT specification says.
    func addressCells(of node: NodeID) -> Int {
        guard let first = self[node].property("#address-cells")?.cells.first, case .number(let value) = first.cell,
            value <= 4
        else { return 2 }
        return Int(value)
    }
}
