package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.images.Digests;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.JibImages;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JibAndExtensionIT {

    static final RegistryUser PUSHER = RegistryUser.pushPull("jib", "jib-pass");
    static final RegistryUser READER = RegistryUser.pullOnly("reader", "reader-pass");

    @RegisterExtension
    static final LocalRegistryExtension TOKEN = new LocalRegistryExtension(() -> LocalRegistry.builder().tokenAuth(PUSHER, READER).tls());

    @RegisterExtension
    static final LocalRegistryExtension PLAIN_BASIC = new LocalRegistryExtension(() -> LocalRegistry.builder().basicAuth(PUSHER));

    @Test
    void jibPushesToATokenAuthTlsRegistry() {
        JibImages.JibPush push = JibImages.push(TOKEN.get(), "jib/token", "1", List.of(ImagePlatform.LINUX_ARM64), ImageFormat.DOCKER,
                Map.of("l", List.of(JibImages.ImageFile.of("/a.txt", "a"))), Map.of());

        Cli.Result r = Cli.skopeoInspectRaw(push.reference(), TOKEN.get().certDir(), READER.colonForm()).ok();
        assertThat(Digests.sha256(r.stdout().getBytes(StandardCharsets.UTF_8))).isEqualTo(push.digest());
        assertThat(TOKEN.get().tokenIssuer().requests()).anySatisfy(t -> {
            assertThat(t.user()).isEqualTo("jib");
            assertThat(t.scopes()).anySatisfy(s -> assertThat(s).startsWith("repository:jib/token:").contains("push"));
        });
    }

    @Test
    void jibPushesToAPlainHttpBasicRegistry() {
        JibImages.JibPush push = JibImages.push(PLAIN_BASIC.get(), "jib/plain", "1", List.of(ImagePlatform.LINUX_AMD64),
                ImageFormat.DOCKER, Map.of("l", List.of(JibImages.ImageFile.of("/b.txt", "b"))), Map.of());

        Cli.Result r = Cli.skopeoInspectRaw(push.reference(), null, PUSHER.colonForm()).ok();
        assertThat(Digests.sha256(r.stdout().getBytes(StandardCharsets.UTF_8))).isEqualTo(push.digest());
        assertThat(PLAIN_BASIC.get().awaitAccessLog(e -> e.isManifest() && e.method().equals("PUT")))
                .filteredOn(e -> e.isManifest() && e.method().equals("PUT")).singleElement()
                .satisfies(e -> assertThat(e.user()).isEqualTo("jib"));
    }

    @Test
    void dockerConfigJsonCarriesTheCredentials() throws Exception {
        var auths = new ObjectMapper().readTree(PLAIN_BASIC.get().dockerConfigJson(PUSHER)).path("auths");
        var entry = auths.path(PLAIN_BASIC.get().host());
        assertThat(entry.path("username").asText()).isEqualTo("jib");
        assertThat(new String(java.util.Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8))
                .isEqualTo("jib:jib-pass");
    }
}
