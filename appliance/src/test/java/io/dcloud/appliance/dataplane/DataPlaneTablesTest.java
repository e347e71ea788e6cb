package io.dcloud.appliance.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.appliance.TestVms;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPlaneTablesTest {

    @Test
    void routesAndPortsComeFromTheVmsMetadataAlone() {
        var tables =
                DataPlaneTables.of(List.of(TestVms.vm("1", "10.77.0.10", 20000, "web.provider.example")), "0.0.0.0");
        var route = tables.routes().lookup("WEB.provider.example.");
        assertEquals("10.77.0.10:443", route.backend().toString());
        assertEquals("10.77.0.10:80", route.httpBackend().toString());
        assertEquals(10, tables.mappings().size());
        assertEquals("0.0.0.0:20000", tables.mappings().get(0).listen().toString());
        assertEquals("10.77.0.10:22", tables.mappings().get(0).backend().toString());
        assertEquals("10.77.0.10:20009", tables.mappings().get(9).backend().toString());
    }

    @Test
    void noVmsMeansEmptyTables() {
        var tables = DataPlaneTables.of(List.of(), "0.0.0.0");
        assertEquals(0, tables.routes().size());
        assertEquals(List.of(), tables.mappings());
    }
}
