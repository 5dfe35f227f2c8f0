package com.astromkey.sandbox.images;

import java.util.Map;

/** Layer contents of the test images of helm-and-image.md §6.2 (code modules, OneAgent, ActiveGate, whiteout updates). */
public final class TestImages {

    /** The subtree the CSI provisioner extracts. */
    public static final String AGENT_ROOT = "opt/astromkey/oneagent/";
    public static final String BUILD_VERSION_LABEL = "com.astromkey.build-version";

    private TestImages() {}

    /** The code-modules tree; {@code agent/arch} holds {@code x86_64} or {@code aarch64}. */
    public static LayerBuilder codeModules(String version, ImagePlatform platform) {
        String a = AGENT_ROOT + "agent/";
        LayerBuilder b = LayerBuilder.create()
                .dir("opt/").dir("opt/astromkey/").dir(AGENT_ROOT).dir(a).dir(a + "lib64/").dir(a + "conf/").dir(a + "tech/")
                .file(a + "lib64/liboneagentproc.so", "astromkey-test-agent " + version + " " + platform.architecture() + "\n")
                .symlink(a + "lib64/liboneagentloader.so", "liboneagentproc.so")
                .file(a + "conf/akagentproc.conf",
                        "[general]\nlogDir ../log\ndataStorageDir ../datastorage\nlibraryPath64 \"../agent/lib64\"\n");
        for (String tech : new String[] {"java", "nodejs", "php"}) {
            b.dir(a + "tech/" + tech + "/").file(a + "tech/" + tech + "/lib" + tech + ".so", tech + " " + version + "\n");
        }
        return b.file(a + "arch", platform.unameMachine())
                .file(AGENT_ROOT + "manifest.json", "{\"version\":\"" + version + "\",\"technologies\":[\"java\",\"nodejs\",\"php\"]}")
                .fileWithMode("opt/astromkey/bootstrap", "#!/bin/sh\nexit 0\n", 0755);
    }

    /** A later layer: removes {@code agent/tech/php} (whiteout) and replaces {@code agent/conf}'s content (opaque whiteout). */
    public static LayerBuilder whiteoutUpdate() {
        String a = AGENT_ROOT + "agent/";
        return LayerBuilder.create().whiteout(a + "tech/php").dir(a + "conf/").opaqueWhiteout(a + "conf")
                .file(a + "conf/replaced.conf", "replaced\n");
    }

    public static LayerBuilder oneAgent(String version, ImagePlatform platform) {
        String a = AGENT_ROOT + "agent/";
        return LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir(AGENT_ROOT).dir(a)
                .file(a + "arch", platform.unameMachine())
                .file(a + "version", version)
                .fileWithMode("usr/bin/watchdog-healthcheck64", "#!/bin/sh\nexit 0\n", 0755);
    }

    public static LayerBuilder activeGate(String version, ImagePlatform platform) {
        return LayerBuilder.create().dir("opt/").dir("opt/astromkey/").dir("opt/astromkey/gateway/")
                .file("opt/astromkey/gateway/version", version)
                .file("opt/astromkey/gateway/arch", platform.unameMachine());
    }

    public static Map<String, String> labels(String version) {
        return Map.of(BUILD_VERSION_LABEL, version);
    }
}
