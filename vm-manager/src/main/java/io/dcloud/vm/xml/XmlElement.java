package io.dcloud.vm.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small XML tree written as text: libvirt wants plain, predictable documents and nothing more. */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private String text;

    public XmlElement(String name) {
        this.name = name;
    }

    public XmlElement attr(String key, Object value) {
        attributes.put(key, String.valueOf(value));
        return this;
    }

    public XmlElement text(Object value) {
        this.text = String.valueOf(value);
        return this;
    }

    /** Adds and returns a new child element. */
    public XmlElement child(String childName) {
        var child = new XmlElement(childName);
        children.add(child);
        return child;
    }

    public XmlElement add(XmlElement child) {
        children.add(child);
        return this;
    }

    public String toXml() {
        var out = new StringBuilder();
        write(out, 0);
        return out.toString();
    }

    private void write(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append('<').append(name);
        attributes.forEach((k, v) ->
                out.append(' ').append(k).append("='").append(escape(v)).append('\''));
        if (children.isEmpty() && text == null) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (text != null) {
            out.append(escape(text));
        }
        if (!children.isEmpty()) {
            out.append('\n');
            children.forEach(c -> c.write(out, depth + 1));
            out.append("  ".repeat(depth));
        }
        out.append("</").append(name).append(">\n");
    }

    static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
