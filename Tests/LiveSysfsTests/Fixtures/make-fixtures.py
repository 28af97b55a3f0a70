#!/usr/bin/env python3
"""Writes csx's fake sysfs trees as manifests (Tests/LiveSysfsTests/Fixtures/<name>.sysfs).

Each board below is transcribed from its mainline device tree (torvalds/linux
arch/arm64/boot/dts/...) and named by the kernel's rules (docs/boards.md):
per-CPU sources are etm<logical CPU>; other devices take <prefix><index> in probe order.
Trees hold what csx reads, laid out as the kernel lays it out:

  sys/bus/coresight/devices/<name>      -> ../../../devices/platform/[<bus>/]<parent>/<name>
  <parent>/<name>/uevent                   DEVTYPE=source|link|linksink|sink|helper
  <parent>/<name>/subsystem             -> the bus (a link csx must not follow)
  <parent>/<name>/connections/          out:N, in:N, helper links, nr_links (v5.7+ trees only)
  <parent>/<name>/{cpu,enable_source,enable_sink,trcidr/trcidr0}
  <parent>/of_node                      -> sys/firmware/devicetree/base/... (device-tree trees)
  sys/firmware/devicetree/base/...      the CoreSight nodes: reg, ports, endpoints, phandles
  sys/devices/system/cpu/{possible,present,online,offline}
  sys/devices/system/cpu/cpuN/{online,cpuidle/stateK/{name,desc,usage,time}}
  sys/module/coresight_etm4x/parameters/pm_save_enable

Trees: juno-r2, hikey960, db410c (v6.10+ kernels: connections/); juno-r2-noconn (5.3-5.6
kernel: generic names, no connections/, v4.20+ port binding); db410c-noconn (same kernel
with a pre-4.20 DTB: one `ports` node, inputs marked `slave-mode`, unit address != port);
grid-256 (Board.grid(cpus: 256), connections only, no device tree); broken (db410c with
one fault of each kind, listed in broken/README); fvp-base-revc (ETE and TRBE per CPU, no
connections at all: the kernel pairs each ETE with its CPU's TRBE without one).

Why manifests, not trees in git: a sysfs tree has symlink cycles (`subsystem` -> the bus ->
the device; `out:N` -> the peer, whose `in:M` -> back), and SwiftPM 6.3 walks every file under
a target directory, `exclude`d ones too, following directory symlinks: one board tree took
`swift build` to 20+ GB. A manifest holds the same entries (files, relative symlinks, empty
directories) as text; the tests materialize it into a temporary directory (FixtureTree.swift).

Run `python3 make-fixtures.py` after changing it; it rewrites every manifest.
`--trees DEST` also leaves the real trees under DEST/<name>/sys (for `csx --sysfs-root`);
keep DEST outside any SwiftPM target directory.
"""

import argparse
import os
import shutil
import struct
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

DEVTYPE = {
    "etm4": "source", "stm": "source", "funnel": "link", "replicator": "link",
    "etf": "linksink", "etr": "sink", "tpiu": "sink", "cti": "helper",
    "ete": "source", "trbe": "sink",
}
SINKS = {"etf", "etr", "tpiu", "trbe"}
SOURCES = {"etm4", "stm", "ete"}


class Node:
    """One CoreSight DT node and the sysfs device the kernel makes of it."""

    def __init__(self, name, kind, dt_name, compatible, address=None, cpu=None, bus=None):
        self.name = name            # sysfs name: etm0, funnel3, tmc_etf1, ...
        self.kind = kind            # etm4 stm funnel replicator etf etr tpiu cti ete trbe
        self.dt_name = dt_name      # DT node name: etm@23040000, funnel
        self.compatible = compatible
        self.address = address      # unit address (translated == unit address on these boards)
        self.cpu = cpu              # logical CPU
        self.bus = bus              # parent platform device (simple-bus node) or None for `/`

    def parent_dir_name(self):
        """of_device_make_bus_id(): `<hex>.<node>` with reg, else `<bus>:<node>`."""
        node = self.dt_name.split("@")[0]
        if self.address is not None:
            return "%x.%s" % (self.address, node)
        return "%s:%s" % (self.bus, node) if self.bus else node


class Board:
    def __init__(self, name, model, compatible, cpus, idle_states, nodes, edges,
                 helper_links=(), pm_save_enable=1, enabled=(), address_cells=2, offline=()):
        self.name = name
        self.model = model
        self.compatible = compatible
        self.cpus = cpus
        self.idle_states = idle_states
        self.nodes = nodes
        self.edges = edges                  # (from, outport, to, inport)
        self.helper_links = helper_links    # (device, helper): CTI associations
        self.pm_save_enable = pm_save_enable
        self.enabled = set(enabled)         # devices whose enable_* reads 1
        self.address_cells = address_cells  # DT #address-cells of the nodes' parent
        self.offline = set(offline)

    def node(self, name):
        return next(n for n in self.nodes if n.name == name)


def etm(name, address, cpu, bus=None):
    return Node(name, "etm4", "etm@%x" % address, ["arm,coresight-etm4x", "arm,primecell"],
                address, cpu, bus)


def amba(name, kind, dt_node, address, compatible, bus=None):
    return Node(name, kind, "%s@%x" % (dt_node, address), [compatible, "arm,primecell"],
                address, None, bus)


TMC = "arm,coresight-tmc"
DYN_FUNNEL = "arm,coresight-dynamic-funnel"


def juno_r2():
    """arm/juno-r2.dts + juno-base.dtsi + juno-cs-r1r2.dtsi. Linux boots on A53_0 (cpu@100):
    logical CPUs A53_0=0, A72_0=1, A72_1=2, A53_1..3=3..5 (see docs/boards.md)."""
    nodes = [
        etm("etm0", 0x23040000, 0), etm("etm1", 0x22040000, 1), etm("etm2", 0x22140000, 2),
        etm("etm3", 0x23140000, 3), etm("etm4", 0x23240000, 4), etm("etm5", 0x23340000, 5),
        amba("stm0", "stm", "stm", 0x20100000, "arm,coresight-stm"),
        amba("funnel0", "funnel", "funnel", 0x20040000, DYN_FUNNEL),
        amba("funnel1", "funnel", "funnel", 0x220c0000, DYN_FUNNEL),
        amba("funnel2", "funnel", "funnel", 0x230c0000, DYN_FUNNEL),
        amba("funnel3", "funnel", "funnel", 0x20130000, DYN_FUNNEL),
        amba("funnel4", "funnel", "funnel", 0x20150000, DYN_FUNNEL),
        amba("replicator0", "replicator", "replicator", 0x20120000,
             "arm,coresight-dynamic-replicator"),
        amba("tmc_etf0", "etf", "etf", 0x20010000, TMC),
        amba("tmc_etf1", "etf", "etf", 0x20140000, TMC),
        amba("tmc_etr0", "etr", "etr", 0x20070000, TMC),
        amba("tpiu0", "tpiu", "tpiu", 0x20030000, "arm,coresight-tpiu"),
        # CTIs (helpers, not on trace paths): the per-CPU v8 CTIs at <cluster>+0x20000 and
        # sys_cti_2 associated with etf_sys1 (juno-cs-r1r2.dtsi). Not in the built-in board.
        *[Node("cti_cpu%d" % cpu, "cti", "cti@%x" % base,
               ["arm,coresight-cti-v8-arch", "arm,coresight-cti", "arm,primecell"], base, cpu)
          for cpu, base in [(0, 0x23020000), (1, 0x22020000), (2, 0x22120000),
                            (3, 0x23120000), (4, 0x23220000), (5, 0x23320000)]],
        Node("cti_sys2", "cti", "cti@20160000", ["arm,coresight-cti", "arm,primecell"],
             0x20160000),
    ]
    edges = [
        ("etm1", 0, "funnel1", 0), ("etm2", 0, "funnel1", 1),
        ("etm0", 0, "funnel2", 0), ("etm3", 0, "funnel2", 1),
        ("etm4", 0, "funnel2", 2), ("etm5", 0, "funnel2", 3),
        ("funnel1", 0, "funnel0", 0), ("funnel2", 0, "funnel0", 1),
        ("funnel0", 0, "tmc_etf0", 0), ("tmc_etf0", 0, "funnel4", 0),
        ("stm0", 0, "funnel3", 0), ("funnel3", 0, "tmc_etf1", 0),
        ("tmc_etf1", 0, "funnel4", 1), ("funnel4", 0, "replicator0", 0),
        ("replicator0", 0, "tpiu0", 0), ("replicator0", 1, "tmc_etr0", 0),
    ]
    helpers = [("etm%d" % cpu, "cti_cpu%d" % cpu) for cpu in range(6)] + [("tmc_etf1", "cti_sys2")]
    return Board("juno-r2", "ARM Juno development board (r2)",
                 ["arm,juno-r2", "arm,juno", "arm,vexpress"], 6,
                 ["WFI", "cpu-sleep-0", "cluster-sleep-0"], nodes, edges, helpers,
                 pm_save_enable=1, enabled=["etm0", "tmc_etr0"])


def hikey960():
    """hisilicon/hi3660-hikey960.dts + hi3660.dtsi + hi3660-coresight.dtsi; nodes under /soc.
    v6.10+ numbering: AMBA funnels first (funnel0..2), the static combo funnel is funnel3."""
    bus = "soc"
    nodes = [etm("etm%d" % cpu, base, cpu, bus) for cpu, base in enumerate(
        [0xecc40000, 0xecd40000, 0xece40000, 0xecf40000,
         0xed440000, 0xed540000, 0xed640000, 0xed740000])]
    nodes += [
        amba("funnel0", "funnel", "funnel", 0xec801000, DYN_FUNNEL, bus),
        amba("tmc_etf0", "etf", "etf", 0xec802000, TMC, bus),
        amba("funnel1", "funnel", "funnel", 0xed001000, DYN_FUNNEL, bus),
        amba("tmc_etf1", "etf", "etf", 0xed002000, TMC, bus),
        Node("funnel3", "funnel", "funnel", ["arm,coresight-static-funnel"], None, None, bus),
        amba("funnel2", "funnel", "funnel", 0xec031000, DYN_FUNNEL, bus),
        amba("tmc_etf2", "etf", "etf", 0xec036000, TMC, bus),
        Node("replicator0", "replicator", "replicator", ["arm,coresight-static-replicator"],
             None, None, bus),
        amba("tmc_etr0", "etr", "etr", 0xec033000, TMC, bus),
        amba("tpiu0", "tpiu", "tpiu", 0xec032000, "arm,coresight-tpiu", bus),
    ]
    edges = [("etm%d" % cpu, 0, "funnel%d" % (cpu // 4), cpu % 4) for cpu in range(8)] + [
        ("funnel0", 0, "tmc_etf0", 0), ("funnel1", 0, "tmc_etf1", 0),
        ("tmc_etf0", 0, "funnel3", 0), ("tmc_etf1", 0, "funnel3", 1),
        ("funnel3", 0, "funnel2", 0), ("funnel2", 0, "tmc_etf2", 0),
        ("tmc_etf2", 0, "replicator0", 0),
        ("replicator0", 0, "tmc_etr0", 0), ("replicator0", 1, "tpiu0", 0),
    ]
    return Board("hikey960", "HiKey960", ["hisilicon,hi3660-hikey960", "hisilicon,hi3660"], 8,
                 ["WFI", "cpu-sleep", "cluster-sleep"], nodes, edges, pm_save_enable=1,
                 enabled=["tmc_etf2"])


def db410c(name="db410c", offline=()):
    """qcom/apq8016-sbc.dts + msm8916.dtsi; nodes under /soc@0 (#address-cells = <1>)."""
    bus = "soc@0"
    nodes = [
        amba("stm0", "stm", "stm", 0x802000, "arm,coresight-stm", bus),
        amba("tpiu0", "tpiu", "tpiu", 0x820000, "arm,coresight-tpiu", bus),
        amba("funnel0", "funnel", "funnel", 0x821000, DYN_FUNNEL, bus),
        amba("replicator0", "replicator", "replicator", 0x824000,
             "arm,coresight-dynamic-replicator", bus),
        amba("tmc_etf0", "etf", "etf", 0x825000, TMC, bus),
        amba("tmc_etr0", "etr", "etr", 0x826000, TMC, bus),
        amba("funnel1", "funnel", "funnel", 0x841000, DYN_FUNNEL, bus),
    ] + [etm("etm%d" % cpu, 0x85c000 + cpu * 0x1000, cpu, bus) for cpu in range(4)]
    edges = [("etm%d" % cpu, 0, "funnel1", cpu) for cpu in range(4)] + [
        ("funnel1", 0, "funnel0", 4), ("stm0", 0, "funnel0", 7),
        ("funnel0", 0, "tmc_etf0", 0), ("tmc_etf0", 0, "replicator0", 0),
        ("replicator0", 0, "tmc_etr0", 0), ("replicator0", 1, "tpiu0", 0),
    ]
    return Board(name, "Qualcomm Technologies, Inc. APQ 8016 SBC",
                 ["qcom,apq8016-sbc", "qcom,apq8016"], 4, ["WFI", "spc"], nodes, edges,
                 pm_save_enable=2, address_cells=1, offline=offline)


def fvp_base_revc():
    """arm/fvp-base-revc.dts (v6.16) with its ETE, TRBE and idle-state nodes enabled (the model
    run with has_ete/has_trbe; docs/boards.md). ETEs are system-register trace units: platform
    devices named after their DT nodes (`ete-N`, no reg), each registering `ete<cpu>`. The one
    `trbe` node is one platform device registering a sink `trbe<cpu>` per CPU, with no `cpu`
    file (coresight-trbe.c: align and flag only). No node has ports: no connections."""
    nodes = [Node("ete%d" % cpu, "ete", "ete-%d" % cpu, ["arm,embedded-trace-extension"], None, cpu)
             for cpu in range(8)]
    nodes += [Node("trbe%d" % cpu, "trbe", "trbe", ["arm,trace-buffer-extension"], None, cpu)
              for cpu in range(8)]
    return Board("fvp-base-revc", "FVP Base RevC", ["arm,fvp-base-revc", "arm,vexpress"], 8,
                 ["WFI", "cpu-sleep-0", "cluster-sleep-0"], nodes, [], pm_save_enable=1)


def grid(cpus):
    """Board.grid(cpus:) in CoreSightModel: funnels of eight, main funnel, ETF, replicator,
    ETR and TPIU, with its synthetic register bases."""
    clusters = (cpus + 7) // 8
    nodes = [etm("etm%d" % cpu, 0x40040000 + cpu * 0x100000, cpu) for cpu in range(cpus)]
    nodes += [amba("funnel%d" % c, "funnel", "funnel", 0x30000000 + c * 0x10000, DYN_FUNNEL)
              for c in range(clusters)]
    main = "funnel%d" % clusters
    nodes += [
        amba(main, "funnel", "funnel", 0x20040000, DYN_FUNNEL),
        amba("replicator0", "replicator", "replicator", 0x20120000,
             "arm,coresight-dynamic-replicator"),
        amba("tmc_etf0", "etf", "etf", 0x20010000, TMC),
        amba("tmc_etr0", "etr", "etr", 0x20070000, TMC),
        amba("tpiu0", "tpiu", "tpiu", 0x20030000, "arm,coresight-tpiu"),
    ]
    edges = [("etm%d" % cpu, 0, "funnel%d" % (cpu // 8), cpu % 8) for cpu in range(cpus)]
    edges += [("funnel%d" % c, 0, main, c) for c in range(clusters)]
    edges += [(main, 0, "tmc_etf0", 0), ("tmc_etf0", 0, "replicator0", 0),
              ("replicator0", 0, "tmc_etr0", 0), ("replicator0", 1, "tpiu0", 0)]
    return Board("grid-%d" % cpus, None, None, cpus, ["WFI", "cpu-sleep"], nodes, edges)


# ---------------------------------------------------------------------------------------------

def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(path, mode) as f:
        f.write(content)


def link(path, target):
    """A symlink at `path` to `target` (an absolute path inside the tree), stored relative."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(os.path.relpath(target, os.path.dirname(path)), path)


def be32(*values):
    return b"".join(struct.pack(">I", v) for v in values)


def cpu_list(cpus):
    """1,2,3,5 -> "1-3,5" (the kernel's %*pbl format)."""
    ranges, start, prev = [], None, None
    for cpu in sorted(cpus):
        if start is None:
            start = prev = cpu
        elif cpu == prev + 1:
            prev = cpu
        else:
            ranges.append((start, prev))
            start = prev = cpu
    if start is not None:
        ranges.append((start, prev))
    return ",".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in ranges)


class TreeWriter:
    def __init__(self, board, dest, connections=True, binding="new", minimal=False):
        self.board = board
        self.minimal = minimal      # only the files csx reads (grid-256)
        self.sys = os.path.join(dest, "sys")
        self.connections = connections
        self.binding = binding      # "new", "old", or None for no device tree
        self.dt_base = os.path.join(self.sys, "firmware", "devicetree", "base")
        self.next_phandle = 0x100

    def platform_dir(self, node):
        parts = [self.sys, "devices", "platform"]
        if node.bus:
            parts.append(node.bus)
        return os.path.join(*parts, node.parent_dir_name())

    def device_dir(self, node):
        return os.path.join(self.platform_dir(node), node.name)

    def dt_dir(self, node):
        return os.path.join(self.dt_base, *([node.bus] if node.bus else []), node.dt_name)

    def write_all(self):
        b = self.board
        for node in b.nodes:
            self.write_device(node)
        if self.connections:
            self.write_connections()
        if self.binding:
            self.write_device_tree()
        self.write_cpus()
        write(os.path.join(self.sys, "module", "coresight_etm4x", "parameters", "pm_save_enable"),
              "%d\n" % b.pm_save_enable)

    def write_device(self, node):
        b = self.board
        dev = self.device_dir(node)
        link(os.path.join(self.sys, "bus", "coresight", "devices", node.name), dev)
        if not self.minimal:
            link(os.path.join(dev, "subsystem"), os.path.join(self.sys, "bus", "coresight"))
        write(os.path.join(dev, "uevent"), "DEVTYPE=%s\n" % DEVTYPE[node.kind])
        on = "1\n" if node.name in b.enabled else "0\n"
        if node.kind in SOURCES:
            write(os.path.join(dev, "enable_source"), on)
        if node.kind in SINKS:
            write(os.path.join(dev, "enable_sink"), on)
        if node.kind in ("etm4", "ete"):
            write(os.path.join(dev, "cpu"), "%d\n" % node.cpu)
            write(os.path.join(dev, "trcidr", "trcidr0"), "0x28000ea1\n")
        if node.kind == "trbe":
            # arm_trbe_groups: the TRBIDR alignment (hex) and flag-update bit; no `cpu`.
            write(os.path.join(dev, "align"), "800\n")
            write(os.path.join(dev, "flag"), "1\n")
        if node.kind == "cti":
            write(os.path.join(dev, "enable"), "0\n")
        parent = self.platform_dir(node)
        if self.binding:
            of_name = node.dt_name.split("@")[0]
            full = "/" + "/".join(([node.bus] if node.bus else []) + [node.dt_name])
            lines = ["OF_NAME=%s" % of_name, "OF_FULLNAME=%s" % full]
            lines += ["OF_COMPATIBLE_%d=%s" % (i, c) for i, c in enumerate(node.compatible)]
            lines.append("OF_COMPATIBLE_N=%d" % len(node.compatible))
            write(os.path.join(parent, "uevent"), "\n".join(lines) + "\n")
            # One parent for many devices (the TRBE's per-CPU sinks) has one of_node link.
            if not os.path.lexists(os.path.join(parent, "of_node")):
                link(os.path.join(parent, "of_node"), self.dt_dir(node))

    def write_connections(self):
        b = self.board
        links = {n.name: {} for n in b.nodes}
        for src, outport, dst, inport in b.edges:
            links[src]["out:%d" % outport] = dst
            links[dst]["in:%d" % inport] = src
        for device, helper in b.helper_links:
            links[device][helper] = helper
            links[helper][device] = device
        for node in b.nodes:
            conns = os.path.join(self.device_dir(node), "connections")
            for entry, peer in sorted(links[node.name].items()):
                link(os.path.join(conns, entry), self.device_dir(b.node(peer)))
            write(os.path.join(conns, "nr_links"), "%d\n" % len(links[node.name]))

    def phandle(self):
        self.next_phandle += 1
        return self.next_phandle

    def write_device_tree(self):
        b = self.board
        write(os.path.join(self.dt_base, "model"), b.model.encode() + b"\0")
        write(os.path.join(self.dt_base, "compatible"),
              b"".join(c.encode() + b"\0" for c in b.compatible))
        buses = sorted({n.bus for n in b.nodes if n.bus})
        for bus in buses:
            write(os.path.join(self.dt_base, bus, "compatible"), b"simple-bus\0")
            link(os.path.join(self.sys, "devices", "platform", bus, "of_node"),
                 os.path.join(self.dt_base, bus))
        # Every endpoint gets a phandle; each end names the other's in remote-endpoint.
        out_ep, in_ep = {}, {}
        for src, outport, dst, inport in b.edges:
            out_ep[(src, outport)] = self.phandle()
            in_ep[(dst, inport)] = self.phandle()
        for node in b.nodes:
            d = self.dt_dir(node)
            write(os.path.join(d, "name"), node.dt_name.split("@")[0].encode() + b"\0")
            write(os.path.join(d, "compatible"), b"".join(c.encode() + b"\0" for c in node.compatible))
            if node.address is not None:
                cells = [0, node.address, 0, 0x1000] if b.address_cells == 2 else [node.address, 0x1000]
                write(os.path.join(d, "reg"), be32(*cells))
            outs = sorted((p, out_ep[(s, p)], in_ep[(t, q)])
                          for s, p, t, q in b.edges if s == node.name)
            ins = sorted((q, in_ep[(t, q)], out_ep[(s, p)])
                         for s, p, t, q in b.edges if t == node.name)
            if self.binding == "new":
                self.write_ports(os.path.join(d, "out-ports"), outs, slave=False)
                self.write_ports(os.path.join(d, "in-ports"), ins, slave=False)
            else:
                self.write_old_ports(d, outs, ins)

    @staticmethod
    def write_endpoint(port_dir, own, remote, slave):
        ep = os.path.join(port_dir, "endpoint")
        write(os.path.join(ep, "name"), b"endpoint\0")
        write(os.path.join(ep, "phandle"), be32(own))
        write(os.path.join(ep, "remote-endpoint"), be32(remote))
        if slave:
            write(os.path.join(ep, "slave-mode"), b"")

    def write_ports(self, ports_dir, ports, slave):
        """v4.20+ binding: a lone `port` for port 0 alone, else `port@N` with reg = <N>."""
        if not ports:
            return
        if len(ports) == 1 and ports[0][0] == 0:
            self.write_endpoint(os.path.join(ports_dir, "port"), ports[0][1], ports[0][2], slave)
            return
        for number, own, remote in ports:
            port = os.path.join(ports_dir, "port@%x" % number)
            write(os.path.join(port, "reg"), be32(number))
            self.write_endpoint(port, own, remote, slave)

    def write_old_ports(self, node_dir, outs, ins):
        """Pre-4.20 binding: one port alone sits in the node; several share one `ports` node,
        numbered port@0.. in order (outputs first) while `reg` holds the port number, and
        inputs carry `slave-mode`."""
        everything = [(p, o, r, False) for p, o, r in outs] + [(p, o, r, True) for p, o, r in ins]
        if len(everything) == 1:
            number, own, remote, slave = everything[0]
            port = os.path.join(node_dir, "port")
            if number != 0:
                write(os.path.join(port, "reg"), be32(number))
            self.write_endpoint(port, own, remote, slave)
            return
        for unit, (number, own, remote, slave) in enumerate(everything):
            port = os.path.join(node_dir, "ports", "port@%x" % unit)
            write(os.path.join(port, "reg"), be32(number))
            self.write_endpoint(port, own, remote, slave)

    def write_cpus(self):
        b = self.board
        base = os.path.join(self.sys, "devices", "system", "cpu")
        everyone = list(range(b.cpus))
        online = [c for c in everyone if c not in b.offline]
        write(os.path.join(base, "possible"), cpu_list(everyone) + "\n")
        write(os.path.join(base, "online"), cpu_list(online) + "\n")
        if not self.minimal:
            write(os.path.join(base, "present"), cpu_list(everyone) + "\n")
            write(os.path.join(base, "offline"), cpu_list(b.offline) + "\n")
        for cpu in everyone:
            cdir = os.path.join(base, "cpu%d" % cpu)
            write(os.path.join(cdir, "online"), "0\n" if cpu in b.offline else "1\n")
            for k, state in enumerate(b.idle_states):
                sdir = os.path.join(cdir, "cpuidle", "state%d" % k)
                usage = 1000 + 37 * cpu + 211 * k
                write(os.path.join(sdir, "name"), state + "\n")
                if not self.minimal:
                    write(os.path.join(sdir, "desc"), ("ARM WFI" if k == 0 else state) + "\n")
                write(os.path.join(sdir, "usage"), "%d\n" % usage)
                write(os.path.join(sdir, "time"), "%d\n" % (usage * (40 + 300 * k)))


def break_tree(dest):
    """db410c with one fault of each kind (see the README written below)."""
    sys_dir = os.path.join(dest, "sys")
    devices = os.path.join(sys_dir, "bus", "coresight", "devices")
    platform = os.path.join(sys_dir, "devices", "platform", "soc@0")

    def dev(name):
        return os.path.realpath(os.path.join(devices, name))

    # Missing files.
    os.remove(os.path.join(dev("etm1"), "cpu"))
    os.remove(os.path.join(dev("tmc_etr0"), "enable_sink"))
    os.remove(os.path.join(dev("etm2"), "uevent"))
    # Unreadable: a directory where a file is expected (reads fail with EISDIR even as root).
    path = os.path.join(dev("etm3"), "enable_source")
    os.remove(path)
    os.makedirs(path)
    # Garbage values.
    write(os.path.join(dev("stm0"), "enable_source"), "banana\n")
    write(os.path.join(dev("etm0"), "cpu"), "zero\n")
    write(os.path.join(dev("tmc_etf0"), "uevent"), "DEVTYPE=gizmo\n")
    write(os.path.join(sys_dir, "devices", "system", "cpu", "cpu2", "cpuidle", "state1", "usage"),
          "-5\n")
    # Dangling links: a bus entry whose device is gone, and a connection to a vanished device.
    link(os.path.join(devices, "etb0"), os.path.join(platform, "a00000.etb", "etb0"))
    out1 = os.path.join(dev("replicator0"), "connections", "out:1")
    os.remove(out1)
    link(out1, os.path.join(platform, "820000.tpiu", "tpiu9"))
    # Link cycles: two bus entries pointing at each other, and a connection pointing at itself.
    os.symlink("loop1", os.path.join(devices, "loop0"))
    os.symlink("loop0", os.path.join(devices, "loop1"))
    os.symlink("out:1", os.path.join(dev("funnel0"), "connections", "out:1"))
    # A trace-graph cycle: two extra funnels feeding each other.
    for name, address, peer in [("funnel2", 0x900000, "funnel3"), ("funnel3", 0x901000, "funnel2")]:
        d = os.path.join(platform, "%x.funnel" % address, name)
        link(os.path.join(devices, name), d)
        link(os.path.join(d, "subsystem"), os.path.join(sys_dir, "bus", "coresight"))
        write(os.path.join(d, "uevent"), "DEVTYPE=link\n")
    for name, address, peer, peer_address in [("funnel2", 0x900000, "funnel3", 0x901000),
                                              ("funnel3", 0x901000, "funnel2", 0x900000)]:
        conns = os.path.join(platform, "%x.funnel" % address, name, "connections")
        peer_dir = os.path.join(platform, "%x.funnel" % peer_address, peer)
        link(os.path.join(conns, "out:0"), peer_dir)
        link(os.path.join(conns, "in:0"), peer_dir)
        write(os.path.join(conns, "nr_links"), "2\n")


BROKEN_README = """db410c with one fault of each kind (break_tree):
missing      etm1/cpu, tmc_etr0/enable_sink, etm2/uevent
unreadable   etm3/enable_source is an (empty) directory: EISDIR, also as root
garbage      stm0/enable_source "banana", etm0/cpu "zero", tmc_etf0 DEVTYPE=gizmo,
             cpu2/cpuidle/state1/usage "-5"
dangling     bus entry etb0; replicator0/connections/out:1 (so tpiu0's in:0 has no out:)
link cycles  bus entries loop0 <-> loop1; funnel0/connections/out:1 -> itself
graph cycle  funnel2 out:0 -> funnel3, funnel3 out:0 -> funnel2 (extra devices)
cpu3 is offline.
"""


def escape(content):
    """Bytes as manifest text: printable ASCII as is, `\\n`, `\\\\`, else `\\xHH`."""
    out = []
    for byte in content:
        if byte == 0x0A:
            out.append("\\n")
        elif byte == 0x5C:
            out.append("\\\\")
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append("\\x%02x" % byte)
    return "".join(out)


def serialize(tree, header):
    """A tree as manifest lines, sorted by path, symlinks kept as links (never followed)."""
    lines = ["# " + line if line else "#" for line in header.strip().splitlines()]
    entries = []
    for path, dirs, files in os.walk(tree):
        rel = os.path.relpath(path, tree)
        for name in dirs + files:
            full = os.path.join(path, name)
            relpath = os.path.normpath(os.path.join(rel, name))
            if os.path.islink(full):
                entries.append((relpath, "l %s %s" % (relpath, os.readlink(full))))
            elif os.path.isdir(full):
                if not os.listdir(full):
                    entries.append((relpath, "d %s" % relpath))
            else:
                with open(full, "rb") as f:
                    entries.append((relpath, "f %s %s" % (relpath, escape(f.read()))))
    return "\n".join(lines + [line for _, line in sorted(entries)]) + "\n"


HEADER = """csx sysfs fixture %s: generated by make-fixtures.py; do not edit.
One entry a line: `f PATH CONTENT` (a file; \\n, \\\\ and \\xHH escapes), `l PATH TARGET`
(a symlink, target relative as the kernel writes them), `d PATH` (an empty directory).
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trees", metavar="DEST",
                        help="also write the trees themselves under DEST/<name>/sys")
    args = parser.parse_args()
    trees = [
        ("juno-r2", juno_r2(), True, "new"),
        ("juno-r2-noconn", juno_r2(), False, "new"),
        ("hikey960", hikey960(), True, "new"),
        ("db410c", db410c(), True, "new"),
        ("db410c-noconn", db410c(), False, "old"),
        ("grid-256", grid(256), True, None, True),
        ("broken", db410c(offline=[3]), True, "new"),
        ("fvp-base-revc", fvp_base_revc(), True, "new"),
    ]
    work = args.trees or tempfile.mkdtemp(prefix="csx-fixtures-")
    for name, board, connections, binding, *minimal in trees:
        dest = os.path.join(work, name)
        shutil.rmtree(dest, ignore_errors=True)
        TreeWriter(board, dest, connections, binding, bool(minimal)).write_all()
        header = HEADER % name
        if name == "broken":
            break_tree(dest)
            header += "\n" + BROKEN_README
        manifest = os.path.join(HERE, name + ".sysfs")
        with open(manifest, "w") as f:
            f.write(serialize(dest, header))
        print("wrote", os.path.relpath(manifest, os.getcwd()))
    if not args.trees:
        shutil.rmtree(work)
    else:
        print("trees under", work)


if __name__ == "__main__":
    main()
