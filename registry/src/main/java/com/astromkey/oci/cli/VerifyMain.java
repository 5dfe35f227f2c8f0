package com.astromkey.oci.cli;

import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.PlatformSelector;
import com.astromkey.oci.transport.NativeTls;
import com.astromkey.oci.verify.PublicKeys;
import com.astromkey.oci.verify.SignatureCheck;
import com.astromkey.oci.verify.SignatureVerifier;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Entry point of {@code astromkey-operator verify}: checks an image's cosign signatures and prints the result. */
public final class VerifyMain {

  public static final int VERIFIED = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int NOT_VERIFIED = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private VerifyMain() {
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
      out.println(VerifyConfig.USAGE);
      return VERIFIED;
    }
    VerifyConfig config;
    try {
      config = VerifyConfig.parse(args, env);
    } catch (CliArgs.UsageException e) {
      err.println("verify: " + e.getMessage());
      err.println(VerifyConfig.USAGE);
      return USAGE;
    }
    if (config.registry().nativeTls()) {
      NativeTls.preload();
    }
    List<TrustedKey> keys = new ArrayList<>();
    RegistryClient client;
    try {
      for (Path file : config.keyFiles()) {
        keys.addAll(PublicKeys.parse(Files.readString(file), file.getFileName().toString()));
      }
      client = config.registry().client(config.credentialFiles(), config.explicitCredentials());
    } catch (IOException | PublicKeys.InvalidPublicKeyException e) {
      err.println("verify: " + e.getMessage());
      return ERROR;
    }
    Descriptor platformEntry = null;
    VerificationResult result;
    try {
      Manifest top = client.manifest(config.image());
      if (config.platform() != null && top.isIndex()) {
        // the platform manifest is bound through the verified index: a missing platform is an error, not a pass
        platformEntry = PlatformSelector.require(top, config.platform(), config.image().canonical());
      }
      result = new SignatureVerifier(client).verifyDigest(config.image(), top.digest(), keys, config.formats());
    } catch (RegistryException e) {
      result = VerificationResult.error(null, e.getMessage());
    } finally {
      // as in mirror: the client's selector thread would hold up the JVM's exit
      client.close();
    }
    if (config.json()) {
      out.println(json(config, result, platformEntry));
    } else {
      human(out, config, result, platformEntry);
    }
    return switch (result.state()) {
      case Verified -> VERIFIED;
      case VerificationError -> ERROR;
      case SignatureMissing, SignatureInvalid -> NOT_VERIFIED;
    };
  }

  static String json(VerifyConfig config, VerificationResult result, Descriptor platformEntry) {
    ObjectNode root = JSON.createObjectNode();
    root.put("reference", config.image().canonical());
    root.put("digest", result.digestText());
    root.put("result", result.state().name());
    root.put("message", result.message());
    if (platformEntry != null) {
      root.put("platform", config.platform().toString());
      root.put("platformDigest", platformEntry.digest().toString());
    }
    ArrayNode signatures = root.putArray("signatures");
    for (SignatureCheck c : result.signatures()) {
      ObjectNode s = signatures.addObject();
      s.put("format", c.format().label());
      s.put("key", c.key());
      s.put("valid", c.valid());
      s.put("reason", c.reason());
    }
    return root.toString();
  }

  private static void human(PrintStream out, VerifyConfig config, VerificationResult result, Descriptor platformEntry) {
    String digest = result.digest() == null ? "" : "@" + result.digest();
    out.println(result.state().name() + ": " + config.image().canonical() + digest);
    out.println("  " + result.message());
    if (platformEntry != null) {
      Platform p = config.platform();
      out.println("  platform " + p + ": " + platformEntry.digest() + " (bound by the verified index)");
    }
    for (SignatureCheck c : result.signatures()) {
      out.println("  " + c.format().label() + " signature: " + (c.valid() ? "valid, key " + c.key() : c.reason()));
    }
    if (result.state() == VerificationState.SignatureMissing) {
      out.println("  hint: sign it with cosign sign --key <key> or mirror it with its signatures");
    }
  }
}
