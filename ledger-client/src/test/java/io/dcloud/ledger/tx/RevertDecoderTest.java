package io.dcloud.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class RevertDecoderTest {
    private final RevertDecoder decoder = new RevertDecoder();

    @Test
    void selectorIsTheFirstFourBytesOfTheSignatureHash() {
        assertEquals(
                Hash.sha3String("HoursOutOfRange(uint256,uint16,uint16)").substring(0, 10),
                RevertDecoder.selectorOf(DcloudMarket.HOURSOUTOFRANGE_ERROR));
    }

    @Test
    void decodesACustomErrorWithArguments() {
        String data = RevertDecoder.selectorOf(DcloudMarket.NOTPROVIDER_ERROR)
                + "0000000000000000000000000000000000000000000000000000000000000007"
                + "000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        ContractRevert revert = decoder.decode(data);
        assertEquals("NotProvider", revert.errorName());
        assertEquals(List.of("7", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), revert.arguments());
        assertEquals("NotProvider(7, 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266)", revert.getMessage());
    }

    @Test
    void decodesRequireStringsAndPanics() {
        String error = "0x08c379a0"
                + "0000000000000000000000000000000000000000000000000000000000000020"
                + "0000000000000000000000000000000000000000000000000000000000000003"
                + "6f6f700000000000000000000000000000000000000000000000000000000000";
        assertEquals("Error(oop)", decoder.decode(error).getMessage());
        String panic = "0x4e487b71" + "0000000000000000000000000000000000000000000000000000000000000011";
        assertEquals("Panic(17)", decoder.decode(panic).getMessage());
    }

    @Test
    void unknownDataStaysVisible() {
        assertEquals("UnknownRevert", decoder.decode("0xdeadbeef").errorName());
        assertEquals("UnknownRevert", decoder.decode("0x").errorName());
        assertEquals(List.of(), decoder.decode(null).arguments());
    }
}
