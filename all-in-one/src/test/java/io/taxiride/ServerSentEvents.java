package io.taxiride;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads a {@code text/event-stream} as a browser's EventSource does: named events, each ended by an empty line. */
public final class ServerSentEvents {

    /** One event: its name and its data. */
    public record Event(String name, String data) {
    }

    private ServerSentEvents() {
    }

    /** Hands each event to {@code each} as it arrives, until the server ends the stream. */
    public static void read(Stream<String> lines, Consumer<Event> each) {
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.startsWith("event:")) {
                name[0] = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring("data:".length()));
            } else if (line.isEmpty() && name[0] != null) {
                each.accept(new Event(name[0], data.toString()));
                name[0] = null;
                data.setLength(0);
            }
        });
    }

    /** Every event of a stream, once the server has ended it. */
    public static List<Event> readAll(Stream<String> lines) {
        List<Event> events = new ArrayList<>();
        read(lines, events::add);
        return events;
    }
}
