import Testing
@testable import DeviceTree

/// Each construct of the DTS subset, read into the merged tree.
@Suite struct ParserTests {
    private func property(_ tree: DeviceTree, _ path: String, _ name: String) throws -> Property {
        let node = try #require(tree.node(atPath: path), "no node \(path)")
        return try #require(tree[node].property(name), "no property \(name) on \(path)")
    }

    private func numbers(_ property: Property) -> [UInt64?] {
        property.cells.map { cell in
            if case .number(let value) = cell.cell { return value }
            return nil
        }
    }

    @Test func stringsAndStringLists() throws {
        let tree = try Fixtures.parse(#"/dts-v1/; / { n { a = "one"; b = "x", "y\tz", "q\"u\\"; }; };"#)
        #expect(try property(tree, "/n", "a").strings == ["one"])
        #expect(try property(tree, "/n", "b").strings == ["x", "y\tz", "q\"u\\"])
    }

    @Test func cellsInEveryNumberForm() throws {
        let tree = try Fixtures.parse("""
            / { n { c = <1 0x1f 0XAB 017 10U 0x20UL 'a' '\\n' (1 + 2 * 3) ((1 << 4) | 1) (-1) (5 > 3 ? 7 : 8)>; }; };
            """)
        #expect(numbers(try property(tree, "/n", "c")) == [1, 0x1F, 0xAB, 0o17, 10, 0x20, 97, 10, 7, 17, 0xFFFF_FFFF_FFFF_FFFF, 7])
    }

    @Test func severalCellGroupsAndMixedValues() throws {
        let tree = try Fixtures.parse(#"/ { n { m = "s", <1 2>, <3>, [0a 0B], [cafe]; e; }; };"#)
        let m = try property(tree, "/n", "m")
        #expect(m.pieces.count == 5)
        #expect(numbers(m) == [1, 2, 3])
        #expect(m.pieces[3] == .bytes([0x0A, 0x0B]))
        #expect(m.pieces[4] == .bytes([0xCA, 0xFE]))
        #expect(try property(tree, "/n", "e").pieces.isEmpty)
    }

    @Test func bitsSetTheCellSize() throws {
        let tree = try Fixtures.parse("/ { n { w = /bits/ 64 <0x123456789>; b = /bits/ 8 <0xff 1>; }; };")
        if case .cells(let cells, let bits) = try property(tree, "/n", "w").pieces[0] {
            #expect(bits == 64)
            #expect(cells.map(\.cell) == [.number(0x1_2345_6789)])
        } else {
            Issue.record("not cells")
        }
        if case .cells(let cells, let bits) = try property(tree, "/n", "b").pieces[0] {
            #expect(bits == 8)
            #expect(cells.map(\.cell) == [.number(0xFF), .number(1)])
        } else {
            Issue.record("not cells")
        }
    }

    @Test func referencesToLabelsAndPaths() throws {
        let tree = try Fixtures.parse("""
            / {
                soc { t: timer@10 { }; };
                user { r = <&t 3 &{/soc/timer@10}>; p = &t; q = &{/soc}; };
            };
            """)
        let r = try property(tree, "/user", "r").cells.map(\.cell)
        guard case .reference(let first) = r[0], case .reference(let third) = r[2] else {
            Issue.record("references expected: \(r)")
            return
        }
        #expect(tree.resolve(first.target) == tree.node(atPath: "/soc/timer@10"))
        #expect(tree.resolve(third.target) == tree.node(atPath: "/soc/timer@10"))
        #expect(r[1] == .number(3))
        guard case .reference(let path) = try property(tree, "/user", "p").pieces[0] else {
            Issue.record("a path reference expected")
            return
        }
        #expect(path.target == .label("t"))
    }

    @Test func nodesLabelsAndUnitAddresses() throws {
        let tree = try Fixtures.parse("/ { a: b: etm@22040000 { x = <1>; }; funnel { }; };")
        let etm = try #require(tree.node(labelled: "a"))
        #expect(tree.node(labelled: "b") == etm)
        #expect(tree[etm].baseName == "etm")
        #expect(tree[etm].unitAddress == "22040000")
        #expect(tree.registerBase(of: etm) == 0x2204_0000)
        #expect(tree.node(atPath: "/funnel") != nil)
        #expect(tree.node(atPath: "/etm") == etm, "a step without @ matches a lone node of that base name")
    }

    @Test func overridesMergeIntoTheLabelledNode() throws {
        let tree = try Fixtures.parse("""
            / { n: node { a = <1>; b = <2>; child { }; }; };
            &n { a = <9>; c = <3>; extra { }; };
            / { node { d; }; };
            &{/node} { e; };
            """)
        let node = try #require(tree.node(labelled: "n"))
        #expect(tree[node].properties.map(\.name) == ["a", "b", "c", "d", "e"], "replaced in place, new ones appended")
        #expect(numbers(try property(tree, "/node", "a")) == [9])
        #expect(tree[node].children.map { tree[$0].name } == ["child", "extra"])
    }

    @Test func deleteNodeAndDeleteProperty() throws {
        let tree = try Fixtures.parse("""
            / {
                keep { a; b; };
                gone: drop@1 { x: inner { }; };
                other { };
            };
            / { keep { /delete-property/ a; }; /delete-node/ other; };
            /delete-node/ &gone;
            """)
        #expect(tree.node(atPath: "/drop@1") == nil)
        #expect(tree.node(atPath: "/other") == nil)
        #expect(tree.node(labelled: "gone") == nil)
        #expect(tree.node(labelled: "x") == nil, "labels inside a deleted node go with it")
        let keep = try #require(tree.node(atPath: "/keep"))
        #expect(tree[keep].properties.map(\.name) == ["b"])
    }

    @Test func aDeletedNodeCanBeDefinedAgain() throws {
        let tree = try Fixtures.parse("/ { n { old; }; }; / { /delete-node/ n; n { new; }; };")
        let node = try #require(tree.node(atPath: "/n"))
        #expect(tree[node].properties.map(\.name) == ["new"])
    }

    @Test func commentsOfBothKindsAnywhere() throws {
        let tree = try Fixtures.parse("""
            /* header */ /dts-v1/; // trailing
            / { /* before */ n /* between */ { a = /* in value */ <1 /* in cells */ 2> // after
            ; /* multi
               line */ }; };
            // last line without newline
            """)
        #expect(numbers(try property(tree, "/n", "a")) == [1, 2])
    }

    @Test func omitIfNoRefAndMemreserveAreAccepted() throws {
        let tree = try Fixtures.parse("""
            /dts-v1/;
            /memreserve/ 0x80000000 0x10000;
            / { /omit-if-no-ref/ n: node { }; };
            /omit-if-no-ref/ &n;
            """)
        #expect(tree.node(labelled: "n") != nil)
    }

    @Test func propertyAndNodeNamesUseTheFullCharacterSet() throws {
        let tree = try Fixtures.parse("/ { vendor,node-name_1.2+x@a,1 { #size-cells = <0>; linux,code? ; }; };")
        let node = try #require(tree.node(atPath: "/vendor,node-name_1.2+x@a,1"))
        #expect(tree[node].properties.map(\.name) == ["#size-cells", "linux,code?"])
    }
}
