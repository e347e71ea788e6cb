package io.dcloud.vm.xml;

import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import io.dcloud.vm.Fixtures;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/** Validates XML against libvirt's own RELAX NG schemas (shared/libvirt/schemas) with Jing. */
public final class RelaxNg {
    private RelaxNg() {}

    /** The schema errors, empty when {@code xml} is valid against {@code schema} (e.g. domain.rng). */
    public static List<String> errors(String schema, String xml) throws Exception {
        var errors = new ArrayList<String>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                errors.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        };
        var properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        var driver = new ValidationDriver(properties.toPropertyMap());
        if (!driver.loadSchema(ValidationDriver.fileInputSource(
                Fixtures.shared().resolve("schemas").resolve(schema).toFile()))) {
            throw new IllegalStateException("cannot load schema " + schema + ": " + errors);
        }
        boolean valid = driver.validate(new InputSource(new StringReader(xml)));
        if (!valid && errors.isEmpty()) {
            errors.add("invalid (no detail)");
        }
        return errors;
    }
}
