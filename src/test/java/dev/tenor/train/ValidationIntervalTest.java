package dev.tenor.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ValidationIntervalTest {

    @Test
    void autoValidatesAboutTenTimesARunAtLeastFiftyStepsApart() {
        assertEquals(50, TripletTrainer.validationInterval(0, 300)); // the recipe comparison's runs: 6 validations
        assertEquals(50, TripletTrainer.validationInterval(0, 20));
        assertEquals(484, TripletTrainer.validationInterval(0, 4836)); // 4 epochs of FewRel at batch 32
        assertEquals(101, TripletTrainer.validationInterval(0, 1001));
    }

    @Test
    void aPositiveIntervalIsKept() {
        assertEquals(7, TripletTrainer.validationInterval(7, 4836));
        assertEquals(2, TripletTrainer.validationInterval(2, 20));
    }

    @Test
    void theDefaultIsAuto() {
        assertEquals("0", TrainOptions.spec("validateEvery").defaultValue());
    }
}
