package com.astromkey.csi.mount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A snapshot of the mount table, parsed from the mountinfo format of proc(5). */
public final class MountTable {
  private final List<MountEntry> entries;

  public MountTable(List<MountEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<MountEntry> entries() {
    return entries;
  }

  /** The topmost mount at exactly {@code path}; later lines stack over earlier ones. */
  public Optional<MountEntry> at(Path path) {
    Path p = path.toAbsolutePath().normalize();
    MountEntry found = null;
    for (MountEntry e : entries) if (e.mountPoint().equals(p)) found = e;
    return Optional.ofNullable(found);
  }

  public boolean isMountPoint(Path path) {
    return at(path).isPresent();
  }

  /** Whether any mount point lies at or below {@code dir}: such a tree must never be deleted recursively. */
  public boolean hasMountAtOrBelow(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    return entries.stream().anyMatch(e -> e.mountPoint().startsWith(p));
  }

  public static MountTable parse(String mountinfo) {
    List<MountEntry> entries = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      if (line.isBlank()) continue;
      entries.add(parseLine(line));
    }
    return new MountTable(entries);
  }

  static MountEntry parseLine(String line) {
    String[] f = line.split(" ");
    int sep = -1;
    for (int i = 6; i < f.length; i++) {
      if (f[i].equals("-")) {
        sep = i;
        break;
      }
    }
    if (sep < 0 || f.length < sep + 3) throw new IllegalArgumentException("malformed mountinfo line: " + line);
    return new MountEntry(
        Integer.parseInt(f[0]),
        Integer.parseInt(f[1]),
        f[2],
        unescape(f[3]),
        Path.of(unescape(f[4])),
        f[5],
        unescape(f[sep + 1]),
        unescape(f[sep + 2]),
        sep + 3 < f.length ? unescape(f[sep + 3]) : "");
  }

  /** Decodes the kernel's octal escapes (space {@code \040}, tab, newline, backslash). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) return false;
    for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
    return true;
  }
}
