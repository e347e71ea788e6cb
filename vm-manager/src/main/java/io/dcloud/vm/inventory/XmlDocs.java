package io.dcloud.vm.inventory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** Reading libvirt's capability documents: child lookups by path, nothing clever. */
final class XmlDocs {
    private XmlDocs() {}

    static Element parse(String xml, String what) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException(what + " is not readable XML: " + e.getMessage(), e);
        }
    }

    /** The first element reached by following child names, e.g. {@code path(root, "features", "sev")}. */
    static Optional<Element> path(Element from, String... names) {
        Element at = from;
        for (String name : names) {
            at = children(at, name).stream().findFirst().orElse(null);
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(at);
    }

    static List<Element> children(Element parent, String name) {
        var out = new ArrayList<Element>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element from, String... names) {
        return path(from, names).map(e -> e.getTextContent().trim()).orElse("");
    }

    static int integer(Element from, String... names) {
        String t = text(from, names);
        // Unsigned 32-bit values occur (libvirt writes bus 4294967295 for "none"): keep the low bits.
        return t.isEmpty() ? 0 : (int) (t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t));
    }

    static boolean supported(Element from, String... names) {
        return path(from, names)
                .map(e -> "yes".equals(e.getAttribute("supported")))
                .orElse(false);
    }
}
