package com.astromkey.validate;

import com.astromkey.domain.dynakube.DynaKube;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads every DynaKube document of a YAML file and turns each input problem into one line naming the file and the field. */
final class DynaKubeFileReader {
  /** An input problem, already worded as {@code <file>: <problem>}. */
  static final class InputProblem extends Exception {
    private static final long serialVersionUID = 1L;

    InputProblem(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  List<DynaKube> read(Path file) throws InputProblem {
    List<JsonNode> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(reader)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          documents.add(doc);
        }
      }
    } catch (NoSuchFileException e) {
      throw new InputProblem(file + ": file not found");
    } catch (JsonProcessingException e) {
      throw new InputProblem(file + ": not valid YAML" + at(e.getLocation()) + ": " + yamlProblem(e.getOriginalMessage()));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InputProblem(file + ": not valid YAML: the file is not UTF-8 text");
    } catch (IOException e) {
      throw new InputProblem(file + ": cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      // the YAML parser reports some syntax errors as unchecked exceptions
      throw new InputProblem(file + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    if (documents.isEmpty()) {
      throw new InputProblem(file + ": contains no YAML document");
    }
    List<DynaKube> result = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      result.add(toDynaKube(file, i + 1, documents.size(), documents.get(i)));
    }
    return result;
  }

  private DynaKube toDynaKube(Path file, int index, int count, JsonNode doc) throws InputProblem {
    String where = count > 1 ? file + ": document " + index : file.toString();
    if (!doc.isObject()) {
      throw new InputProblem(where + ": is not a YAML mapping with apiVersion and kind");
    }
    String apiVersion = doc.path("apiVersion").asText("");
    String kind = doc.path("kind").asText("");
    if (!DynaKube.KIND.equals(kind)) {
      throw new InputProblem(where + ": is a " + (kind.isEmpty() ? "document without kind" : kind)
          + ", not a " + DynaKube.KIND + "; only " + DynaKube.API_VERSION + " DynaKube documents can be validated");
    }
    if (!DynaKube.API_VERSION.equals(apiVersion)) {
      throw new InputProblem(where + ": apiVersion '" + apiVersion + "' is not supported; use " + DynaKube.API_VERSION);
    }
    if (doc.path("metadata").path("name").asText("").isEmpty()) {
      throw new InputProblem(where + ": metadata.name is missing");
    }
    try {
      return yaml.treeToValue(doc, DynaKube.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InputProblem(where + ": unknown field " + path(e) + "; check its spelling against the DynaKube "
          + DynaKube.VERSION + " reference");
    } catch (InvalidFormatException e) {
      throw new InputProblem(where + ": field " + path(e) + " has the value '" + e.getValue() + "', expected "
          + typeName(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw new InputProblem(where + ": field " + path(e) + " has the wrong type, expected " + typeName(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw new InputProblem(where + ": " + (e instanceof JsonMappingException ? "field " + path((JsonMappingException) e) + ": " : "")
          + firstLine(e.getOriginalMessage()));
    }
  }

  /** Dotted path of the failing field as a user writes it, e.g. {@code spec.oneAgent.cloudNativeFullStack.imag}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(document)" : sb.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) return "another type";
    if (type == String.class) return "a string";
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (java.util.List.class.isAssignableFrom(type)) return "a list";
    if (java.util.Map.class.isAssignableFrom(type)) return "a mapping";
    return "a mapping (" + type.getSimpleName() + ")";
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** The parser's own words without its source excerpt and caret lines, which only make sense in a multi-line layout. */
  private static String yamlProblem(String message) {
    if (message == null) return "unknown problem";
    String joined = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .map(String::strip).collect(java.util.stream.Collectors.joining("; "));
    return joined.isEmpty() ? firstLine(message) : joined;
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown problem";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
