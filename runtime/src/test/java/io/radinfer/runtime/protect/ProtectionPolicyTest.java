package io.radinfer.runtime.protect;

import io.radinfer.runtime.model.OpKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtectionPolicyTest {

    @Test
    void presetsMapOpsToModes() {
        ProtectionPolicy cs = ProtectionPolicy.of(ProtectionPreset.CHECKSUM);
        assertEquals(ProtectionMode.CHECKSUM, cs.mode(3, OpKind.FFN_DOWN));
        assertEquals(ProtectionMode.CHECKSUM, cs.mode(0, OpKind.ATTENTION));
        assertEquals(ProtectionMode.DMR, cs.mode(0, OpKind.ROPE));
        assertEquals(ProtectionMode.NONE, ProtectionPolicy.of(ProtectionPreset.NONE).mode(-1, OpKind.CLASSIFIER));
        assertEquals(ProtectionMode.TMR, ProtectionPolicy.of(ProtectionPreset.TMR).mode(2, OpKind.SWIGLU));
        ProtectionPolicy sel = ProtectionPolicy.of(ProtectionPreset.SELECTIVE);
        assertEquals(ProtectionMode.TMR, sel.mode(-1, OpKind.CLASSIFIER));
        assertEquals(ProtectionMode.CHECKSUM, sel.mode(1, OpKind.Q));
        assertEquals(Duration.ZERO, ProtectionPolicy.of(ProtectionPreset.NONE).scrubPeriod());
    }

    @Test
    void overridesApplyToOneLayerOnly() {
        ProtectionPolicy p = ProtectionPolicy.builder(ProtectionPreset.NONE).mode(2, OpKind.Q, ProtectionMode.TMR).build();
        assertEquals(ProtectionMode.TMR, p.mode(2, OpKind.Q));
        assertEquals(ProtectionMode.NONE, p.mode(1, OpKind.Q));
        ProtectionMode[][] table = p.resolve(4);
        assertEquals(ProtectionMode.TMR, table[3][OpKind.Q.ordinal()]);
        assertEquals(ProtectionMode.NONE, table[0][OpKind.Q.ordinal()]);
    }

    @Test
    void impossibleSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProtectionPolicy.builder(ProtectionPreset.DMR).maxAttempts(1));
        assertThrows(IllegalArgumentException.class, () -> ProtectionPolicy.builder(ProtectionPreset.DMR).mode(-2, OpKind.Q, ProtectionMode.TMR));
        assertThrows(IllegalArgumentException.class, () -> ProtectionPolicy.builder(ProtectionPreset.DMR).scrubPeriod(Duration.ofSeconds(-1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtectionPreset.parse("triple"));
        assertEquals("unknown protection mode 'triple'; choose one of none, checksum, selective, dmr, tmr", e.getMessage());
    }
}
