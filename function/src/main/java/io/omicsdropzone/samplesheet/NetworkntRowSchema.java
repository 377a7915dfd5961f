package io.omicsdropzone.samplesheet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link RowSchema} on networknt's json-schema-validator (JSON Schema 2020-12, Apache-2.0). A row is checked as the
 * one-element array {@code [row]} against the schema (its array-level keywords removed), so {@code items}, its
 * {@code $ref}s into {@code $defs} and every standard keyword apply as they would to the whole sheet. nf-schema's own
 * keywords are known to the dialect and do nothing here; the dropzone applies them itself ({@link SchemaRowCheck}).
 */
final class NetworkntRowSchema implements RowSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The 2020-12 dialect under its own id (nf-core schemas name it in $schema), plus nf-schema's keywords. */
    private static final Dialect NF_SCHEMA = Dialect.builder(Dialects.getDraft202012())
            .keyword(new NonValidationKeyword("errorMessage"))
            .keyword(new NonValidationKeyword("exists"))
            .keyword(new NonValidationKeyword("meta"))
            .keyword(new NonValidationKeyword("uniqueEntries"))
            .keyword(new NonValidationKeyword("schema"))
            .keyword(new NonValidationKeyword("mimetype"))
            .build();

    private final Schema schema;

    NetworkntRowSchema(String json) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        this.schema = SchemaRegistry.withDialect(NF_SCHEMA).getSchema(node);
    }

    @Override
    public List<Violation> check(Map<String, Object> row) {
        ObjectNode object = NODES.objectNode();
        row.forEach((column, value) -> {
            if (value instanceof Long number) {
                object.put(column, number);
            } else if (value instanceof BigDecimal number) {
                object.put(column, number);
            } else if (value instanceof Boolean bool) {
                object.put(column, bool);
            } else {
                object.put(column, String.valueOf(value));
            }
        });
        ArrayNode sheet = NODES.arrayNode().add(object);
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(sheet)) {
            NodePath at = error.getInstanceLocation();
            String property = at.getNameCount() >= 2 ? String.valueOf(at.getElement(1)) : null;
            if (property == null && error.getProperty() != null && "required".equals(error.getKeyword())) {
                property = error.getProperty();
            }
            violations.add(new Violation(property, error.getKeyword(), withoutLocation(error.getMessage())));
        }
        return violations;
    }

    /** The library's messages start with the instance location ({@code /0/sample: }); the sheet says it its way. */
    private static String withoutLocation(String message) {
        if (message != null && message.startsWith("/")) {
            int colon = message.indexOf(": ");
            if (colon > 0) {
                return message.substring(colon + 2);
            }
        }
        return message;
    }
}
