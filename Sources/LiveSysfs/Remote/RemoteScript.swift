/// The program a remote board runs for `csx live --ssh`: POSIX `sh` only (busybox `ash` and
/// `dash` run it), with `readlink`, `od`, `dd`, `cat` and `sleep`, which busybox has. It
/// reads only the files csx's discovery reads (never `mgmt/` or `trcidr/` registers), then
/// streams the polled files at the interval, sending a file's value only when it changed.
///
/// Records, one a line, the last field the rest of the line (`RemoteRecord` parses them):
///
///     csx-remote 1                 hello, protocol version
///     root PATH                    the root's real path on the board
///     kernel proc|uname RELEASE    the running kernel
///     d REL / n REL                a directory / an entry discovery only needs the name of
///     l REL TARGET                 a symlink as stored
///     f REL, then c LINE...        a text file and its lines (at most 64)
///     x REL HEX...                 a binary device-tree property (at most 256 bytes)
///     o REL                        neither file, directory nor link (a FIFO, a device)
///     e REL MESSAGE                an unreadable file
///     end                          discovery done; csx answers `watch N` and N lines `= REL`
///                                  (read every poll) or `+ REL` (only when the file before it
///                                  changed: cpuidle `time` moves only with `usage`)
///     v INDEX =VALUE / v INDEX !MESSAGE   a polled file's first line, or its error
///     p N                          poll N done
///     t, then `times`'s two lines  the poll loop's CPU so far (benchmarks only)
///     a SEQ ok / a SEQ !MESSAGE    the answer to `w SEQ 0|1 REL`
///     fatal MESSAGE                the board cannot be read at all
public enum RemoteScript {
    public static let protocolVersion = 1
    /// The line that ends the script on the channel.
    static let endMarker = "#csx-end"

    /// The command that starts the script on the other side of a channel: it reads the script
    /// line by line up to `endMarker` (the shell's `read` takes one byte at a time from a pipe,
    /// so what follows stays on the channel for the script's own commands) and runs it.
    public static let bootstrap =
        #"n=$(printf '\n_'); n=${n%_}; s=; while IFS= read -r l; do [ "$l" = "\#(endMarker)" ] && break; s="$s$l$n"; done; eval "$s""#

    /// `bootstrap` for a login shell: `ssh HOST` hands its command to the user's shell.
    public static var remoteCommand: String { "exec sh -c '\(bootstrap.replacingSingleQuotes())'" }

    /// The script for `root`, polling every `intervalMilliseconds`, with the end marker.
    /// `measuresCPU`: after each poll the script also sends `t` and the two lines of the
    /// shell's `times` (its own and its children's CPU), for `csx bench --ssh`.
    public static func text(root: String, intervalMilliseconds: Int, measuresCPU: Bool = false) -> String {
        let seconds = "\(intervalMilliseconds / 1000).\(String(1000 + intervalMilliseconds % 1000).dropFirst())"
        return "R=\(quoted(root))\nI=\(seconds)\nCPU=\(measuresCPU ? "1" : "")\n" + body + "\n" + endMarker + "\n"
    }

    /// `'text'` for sh, with `'` as `'\''`.
    static func quoted(_ text: String) -> String { "'" + text.replacingSingleQuotes() + "'" }

    static let body = #"""
        set +e
                cd -P "$R" 2>/dev/null || { printf 'fatal cannot enter the sysfs root %s\n' "$R"; exit 1; }
        RR=$(pwd -P)
        printf 'csx-remote 1\n'
        printf 'root %s\n' "$RR"
        if [ -f "$RR/../proc/sys/kernel/osrelease" ] && IFS= read -r K < "$RR/../proc/sys/kernel/osrelease"; then
          printf 'kernel proc %s\n' "$K"
        elif [ "$RR" = /sys ]; then
          printf 'kernel uname %s\n' "$(uname -r)"
        fi
        rel() { r=${1#"$RR"/}; }
        text() {
          rel "$1"
          if [ ! -r "$1" ]; then printf 'e %s %s\n' "$r" "$(cat -- "$1" 2>&1 >/dev/null)"; return; fi
          printf 'f %s\n' "$r"
          k=0; line=
          while [ $k -lt 64 ] && { IFS= read -r line || [ -n "$line" ]; }; do printf 'c %s\n' "$line"; k=$((k+1)); line=; done < "$1"
        }
        hex() {
          rel "$1"
          echo x "$r" $(dd if="$1" bs=256 count=1 2>/dev/null | od -An -v -tx1)
        }
        entry() {
          rel "$1"
          if [ -L "$1" ]; then
            if [ "$2" = link ]; then printf 'l %s %s\n' "$r" "$(readlink "$1")"; else printf 'n %s\n' "$r"; fi
          elif [ -d "$1" ]; then printf 'd %s\n' "$r"
          elif [ -f "$1" ]; then
            case $2 in text) text "$1" ;; hex) hex "$1" ;; *) printf 'n %s\n' "$r" ;; esac
          elif [ -e "$1" ]; then printf 'o %s\n' "$r"
          fi
        }
        limited() { [ $count -lt 200000 ] && count=$((count+1)); }
        count=0
        dtnode() {
          entry "$1" dir
          for e in "$1"/*; do
            [ -e "$e" ] || [ -L "$e" ] || continue
            limited || return
            b=${e##*/}
            if [ -d "$e" ] && [ ! -L "$e" ]; then
              [ "$2" -lt 3 ] && dtnode "$e" $(($2+1))
            else
              case $b in phandle|linux,phandle|remote-endpoint|reg) entry "$e" hex ;; *) entry "$e" name ;; esac
            fi
          done
        }
        B="$RR/bus/coresight/devices"
        entry "$RR/bus/coresight" dir
        if [ -d "$B" ]; then
          entry "$B" dir
          for e in "$B"/*; do
            [ -e "$e" ] || [ -L "$e" ] || continue
            limited || break
            entry "$e" link
            D=$(cd -P "$e" 2>/dev/null && pwd -P) || continue
            case $D in "$RR"/*) ;; *) continue ;; esac
            entry "$D" dir
            for f in "$D"/*; do
              [ -e "$f" ] || [ -L "$f" ] || continue
              limited || break
              case ${f##*/} in
                uevent|cpu|enable_source|enable_sink) entry "$f" text ;;
                connections)
                  entry "$f" dir
                  if [ -d "$f" ] && [ ! -L "$f" ]; then
                    for c in "$f"/*; do
                      [ -e "$c" ] || [ -L "$c" ] || continue
                      limited || break
                      case ${c##*/} in nr_links) entry "$c" text ;; *) entry "$c" link ;; esac
                    done
                  fi ;;
                *) entry "$f" name ;;
              esac
            done
            P=${D%/*}
            [ -L "$P/driver" ] && entry "$P/driver" link
            if [ -L "$P/of_node" ]; then
              entry "$P/of_node" link
              if [ ! -d "$D/connections" ]; then
                N=$(cd -P "$P/of_node" 2>/dev/null && pwd -P) && case $N in "$RR"/*) dtnode "$N" 0 ;; esac
              fi
            fi
          done
        fi
        C="$RR/devices/system/cpu"
        if [ -d "$C" ]; then
          entry "$C" dir
          for f in possible online; do [ -e "$C/$f" ] && entry "$C/$f" text; done
          for d in "$C"/cpu[0-9]*; do
            [ -d "$d" ] || continue
            limited || break
            entry "$d" dir
            [ -e "$d/online" ] && entry "$d/online" text
            if [ -d "$d/cpuidle" ]; then
              entry "$d/cpuidle" dir
              for s in "$d"/cpuidle/state[0-9]*; do
                [ -d "$s" ] || continue
                entry "$s" dir
                for f in name usage time; do [ -e "$s/$f" ] && entry "$s/$f" text; done
              done
            fi
          done
        fi
        [ -e "$RR/firmware/devicetree/base/model" ] && { entry "$RR/firmware/devicetree/base" dir; entry "$RR/firmware/devicetree/base/model" hex; }
        M="$RR/module/coresight_etm4x/parameters/pm_save_enable"
        [ -e "$M" ] && entry "$M" text
        printf 'end\n'
        IFS=' ' read -r w N || exit 0
        [ "$w" = watch ] || exit 1
        case $N in ''|*[!0-9]*) exit 1 ;; esac
        [ "$N" -le 200000 ] || exit 1
        # The list as positional parameters, each path prefixed with its `=` or `+`: no eval
        # per file to find it (a poll of 1,284 files costs a third less).
        set --
        i=0
        while [ $i -lt "$N" ]; do IFS=' ' read -r a p || exit 0; set -- "$@" "$a$RR/$p"; i=$((i+1)); done
        poll() {
          pn=0
          while :; do
            i=0
            changed=1
            for e do
              f=${e#?}
              # `+`: read only when the file before it changed (cpuidle time moves with usage).
              case $e in +*) if [ $changed = 0 ] && [ $pn -gt 0 ]; then i=$((i+1)); continue; fi ;; esac
              # -f first: a FIFO or a device put there since discovery is not opened.
              if [ -f "$f" ]; then
                v=
                if { IFS= read -r v || [ -n "$v" ]; } < "$f" 2>/dev/null; then s="=$v"
                else
                  s=$(cat -- "$f" 2>&1 >/dev/null)
                  if [ -n "$s" ]; then s="!${s##*: }"; else s="="; fi
                fi
              elif [ -e "$f" ]; then s="!not a regular file"
              else s="!No such file or directory"
              fi
              [ ${#s} -gt 4097 ] && s="!longer than 4096 bytes"
              eval "o=\$o_$i"
              if [ "$s" != "$o" ]; then printf 'v %s %s\n' $i "$s"; eval "o_$i=\$s"; changed=1; else changed=0; fi
              i=$((i+1))
            done
            pn=$((pn+1))
            printf 'p %s\n' $pn
            [ -n "$CPU" ] && { printf 't\n'; times; }
            sleep "$I" 2>/dev/null || sleep 1
          done
        }
        poll "$@" &
        PID=$!
        trap 'kill $PID 2>/dev/null' EXIT
        while IFS=' ' read -r c q x p; do
          case $c in
            w)
              case $x in 0|1) ;; *) printf 'a %s !not 0 or 1\n' "$q"; continue ;; esac
              case /$p/ in */../*) printf 'a %s !not a path under the root\n' "$q"; continue ;; esac
              f="$RR/$p"
              if [ -L "$f" ] || [ ! -f "$f" ]; then printf 'a %s !not a regular file\n' "$q"; continue; fi
              m=$( { printf '%s\n' "$x" > "$f"; } 2>&1 ) && [ -z "$m" ] && { printf 'a %s ok\n' "$q"; continue; }
              m=${m##*"$n"}
              printf 'a %s !%s\n' "$q" "${m:-write failed}"
              ;;
            q) break ;;
          esac
        done
        kill $PID 2>/dev/null
        """#
}

extension String {
    /// `'` as `'\''`, for text inside single quotes in sh.
    func replacingSingleQuotes() -> String {
        var result = ""
        for character in self { result += character == "'" ? #"'\''"# : String(character) }
        return result
    }
}
