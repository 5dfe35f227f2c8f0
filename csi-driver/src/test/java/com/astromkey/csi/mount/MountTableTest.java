package com.astromkey.csi.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** mountinfo parsing: optional fields, escapes, overlay and bind specifics. */
class MountTableTest {
  private static final String SAMPLE = String.join("\n",
      "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
      "44 27 0:39 / /var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/vol-1/mount ro,relatime shared:7 - overlay overlay"
          + " ro,lowerdir=/data/codemodules/sha256-ab,upperdir=/data/appmounts/vol-1/var,workdir=/data/appmounts/vol-1/work,uuid=on",
      "45 27 254:0 /var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data/_dynakubes/dk/osagent"
          + " /var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/vol-2/mount rw,relatime - ext4 /dev/vda rw",
      "46 27 0:40 / /mnt/with\\040space rw,nosuid master:3 propagate_from:2 - tmpfs tmp\\134fs rw,size=64k",
      "");

  @Test
  void parsesFieldsAndOptionalTags() {
    MountTable t = MountTable.parse(SAMPLE);
    assertThat(t.entries()).hasSize(4);
    MountEntry overlay = t.entries().get(1);
    assertThat(overlay.mountId()).isEqualTo(44);
    assertThat(overlay.fsType()).isEqualTo("overlay");
    assertThat(overlay.readOnly()).isTrue();
    assertThat(overlay.lowerDirs()).containsExactly(Path.of("/data/codemodules/sha256-ab"));
    assertThat(overlay.upperDir()).contains(Path.of("/data/appmounts/vol-1/var"));
    assertThat(overlay.shownDirs()).containsExactly(Path.of("/data/codemodules/sha256-ab"));
  }

  @Test
  void decodesOctalEscapesAfterSeveralOptionalFields() {
    MountEntry e = MountTable.parse(SAMPLE).entries().get(3);
    assertThat(e.mountPoint()).isEqualTo(Path.of("/mnt/with space"));
    assertThat(e.source()).isEqualTo("tmp\\fs");
    assertThat(e.fsType()).isEqualTo("tmpfs");
    assertThat(e.readOnly()).isFalse();
  }

  @Test
  void bindMountShowsItsRootInsideTheFileSystem() {
    MountEntry bind = MountTable.parse(SAMPLE).entries().get(2);
    assertThat(bind.isOverlay()).isFalse();
    assertThat(bind.shownDirs()).containsExactly(Path.of("/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data/_dynakubes/dk/osagent"));
    assertThat(MountTable.parse(SAMPLE).entries().get(0).shownDirs()).isEmpty();
  }

  @Test
  void answersMountPointQuestions() {
    MountTable t = MountTable.parse(SAMPLE);
    assertThat(t.isMountPoint(Path.of("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/vol-1/mount"))).isTrue();
    assertThat(t.isMountPoint(Path.of("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/vol-1/mount/../mount"))).isTrue();
    assertThat(t.isMountPoint(Path.of("/var/lib/kubelet/pods/uid"))).isFalse();
    assertThat(t.hasMountAtOrBelow(Path.of("/var/lib/kubelet/pods/uid"))).isTrue();
    assertThat(t.hasMountAtOrBelow(Path.of("/data"))).isFalse();
  }

  @Test
  void laterLinesStackOverEarlierOnes() {
    MountTable t = MountTable.parse("1 0 0:1 / /x rw - ext4 a rw\n2 1 0:2 / /x ro - tmpfs b ro\n");
    assertThat(t.at(Path.of("/x")).orElseThrow().fsType()).isEqualTo("tmpfs");
  }
}
