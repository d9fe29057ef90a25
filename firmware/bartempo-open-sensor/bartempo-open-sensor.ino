// BarTempo open sensor: Seeed XIAO nRF52840 Sense (LSM6DS3TR-C IMU) streaming the BarTempo open
// profile v1 (docs/OPEN-PROFILE.md) over the Nordic UART Service. Reference sketch, not built in CI:
// check it on hardware before relying on it.
//
// Board: "Seeed XIAO nRF52840 Sense" from the Seeed nRF52 Boards core (non-mbed; provides Bluefruit).
// Library: "Seeed Arduino LSM6DS3".

#include <Arduino.h>
#include <Wire.h>
#include <bluefruit.h>
#include <LSM6DS3.h>

// NUS UUIDs, least significant byte first (Bluefruit's order): 6e40000x-b5a3-f393-e0a9-e50e24dcca9e.
static const uint8_t NUS_SERVICE_UUID[16] = {0x9E, 0xCA, 0xDC, 0x24, 0x0E, 0xE5, 0xA9, 0xE0,
                                             0x93, 0xF3, 0xA3, 0xB5, 0x01, 0x00, 0x40, 0x6E};
static const uint8_t NUS_RX_UUID[16] = {0x9E, 0xCA, 0xDC, 0x24, 0x0E, 0xE5, 0xA9, 0xE0,
                                        0x93, 0xF3, 0xA3, 0xB5, 0x02, 0x00, 0x40, 0x6E};
static const uint8_t NUS_TX_UUID[16] = {0x9E, 0xCA, 0xDC, 0x24, 0x0E, 0xE5, 0xA9, 0xE0,
                                        0x93, 0xF3, 0xA3, 0xB5, 0x03, 0x00, 0x40, 0x6E};

// Profile constants.
static const uint8_t TAG_VERSION = 0xB1;
static const uint8_t FLAG_GYRO = 0x01;           // timestamps in microseconds (flag bit 1 clear)
static const uint16_t SAMPLE_PERIOD_US = 5000;   // 200 Hz
static const uint8_t ACCEL_FULL_SCALE_G = 16;    // 0.488 mg/LSB x 32768 = 15.99 g
static const uint16_t GYRO_FULL_SCALE_DPS = 2294; // "2000 dps" is 70 mdps/LSB: 70e-3 x 32768 = 2293.76
static const uint8_t HEADER_BYTES = 14;          // with the gyro field
static const uint8_t SAMPLE_BYTES = 12;
static const uint8_t MAX_SAMPLES = 10;           // 14 + 10 x 12 = 134 bytes: 20 packets/s at 200 Hz

BLEService nus(NUS_SERVICE_UUID);
BLECharacteristic txChar(NUS_TX_UUID);
BLECharacteristic rxChar(NUS_RX_UUID);
LSM6DS3 imu(I2C_MODE, 0x6A);

static uint8_t packet[HEADER_BYTES + MAX_SAMPLES * SAMPLE_BYTES];
static uint8_t count = 0;
static uint16_t seq = 0;
static uint32_t nextSampleUs = 0;
static uint32_t firstSampleUs = 0;
static uint16_t conn = BLE_CONN_HANDLE_INVALID;

static void put16(uint8_t *p, uint16_t v) {
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xFF;
}

// Samples per packet that fit this connection's MTU (payload = MTU - 3).
static uint8_t samplesPerPacket() {
  BLEConnection *c = Bluefruit.Connection(conn);
  uint16_t payload = c ? c->getMtu() - 3 : 20;
  int n = (int(payload) - HEADER_BYTES) / SAMPLE_BYTES;
  if (n < 1) n = 1;  // MTU 23 cannot carry a six-axis packet; the central must negotiate a larger MTU
  return n > MAX_SAMPLES ? MAX_SAMPLES : n;
}

static void sendPacket() {
  packet[0] = TAG_VERSION;
  packet[1] = FLAG_GYRO;
  put16(packet + 2, seq);
  put32(packet + 4, firstSampleUs);
  put16(packet + 8, SAMPLE_PERIOD_US);
  packet[10] = ACCEL_FULL_SCALE_G;
  packet[11] = count;
  put16(packet + 12, GYRO_FULL_SCALE_DPS);
  txChar.notify(conn, packet, HEADER_BYTES + count * SAMPLE_BYTES);
  seq++;  // even when notify failed: the central then counts the packet as lost
  count = 0;
}

static void onConnect(uint16_t handle) {
  conn = handle;
  BLEConnection *c = Bluefruit.Connection(handle);
  c->requestMtuExchange(247);
  c->requestConnectionParameter(6);  // 7.5 ms (1.25 ms units); the central may choose longer
}

static void onDisconnect(uint16_t handle, uint8_t reason) {
  (void)handle;
  (void)reason;
  conn = BLE_CONN_HANDLE_INVALID;
  count = 0;
}

void setup() {
#ifdef PIN_LSM6DS3TR_C_POWER
  pinMode(PIN_LSM6DS3TR_C_POWER, OUTPUT);  // the Sense powers its IMU from a GPIO
  digitalWrite(PIN_LSM6DS3TR_C_POWER, HIGH);
  delay(10);
#endif
  imu.settings.accelRange = ACCEL_FULL_SCALE_G;
  imu.settings.accelSampleRate = 416;  // oversample the 200 Hz read grid
  imu.settings.gyroRange = 2000;
  imu.settings.gyroSampleRate = 416;
  if (imu.begin() != 0) {
    pinMode(LED_RED, OUTPUT);
    for (;;) {  // no IMU: blink red forever
      digitalToggle(LED_RED);
      delay(200);
    }
  }

  Bluefruit.configPrphBandwidth(BANDWIDTH_MAX);  // MTU up to 247, bigger queues
  Bluefruit.begin();
  Bluefruit.setTxPower(4);
  char name[20];
  snprintf(name, sizeof name, "BarTempo-%04X", (unsigned)(NRF_FICR->DEVICEADDR[0] & 0xFFFF));
  Bluefruit.setName(name);
  Bluefruit.Periph.setConnectCallback(onConnect);
  Bluefruit.Periph.setDisconnectCallback(onDisconnect);

  nus.begin();
  txChar.setProperties(CHR_PROPS_NOTIFY);
  txChar.setPermission(SECMODE_OPEN, SECMODE_NO_ACCESS);
  txChar.setMaxLen(244);
  txChar.begin();
  rxChar.setProperties(CHR_PROPS_WRITE | CHR_PROPS_WRITE_WO_RESP);  // v1: no commands, reserved
  rxChar.setPermission(SECMODE_NO_ACCESS, SECMODE_OPEN);
  rxChar.setMaxLen(20);
  rxChar.begin();

  Bluefruit.Advertising.addFlags(BLE_GAP_ADV_FLAGS_LE_ONLY_GENERAL_DISC_MODE);
  Bluefruit.Advertising.addService(nus);  // 128-bit UUID in the advertisement
  Bluefruit.ScanResponse.addName();       // name in the scan response (no room left above)
  Bluefruit.Advertising.restartOnDisconnect(true);
  Bluefruit.Advertising.setInterval(32, 244);
  Bluefruit.Advertising.start(0);
}

void loop() {
  if (conn == BLE_CONN_HANDLE_INVALID || !txChar.notifyEnabled(conn)) {
    count = 0;
    nextSampleUs = micros();
    return;
  }
  uint32_t now = micros();
  if ((int32_t)(now - nextSampleUs) < 0) return;
  if ((int32_t)(now - nextSampleUs) > 4 * SAMPLE_PERIOD_US) {
    // Fell far behind (radio busy): restart the grid and the packet so times stay truthful.
    nextSampleUs = now;
    count = 0;
  }
  if (count == 0) firstSampleUs = nextSampleUs;  // grid time, so time + k x period holds
  nextSampleUs += SAMPLE_PERIOD_US;

  uint8_t *s = packet + HEADER_BYTES + count * SAMPLE_BYTES;
  put16(s + 0, (uint16_t)imu.readRawAccelX());
  put16(s + 2, (uint16_t)imu.readRawAccelY());
  put16(s + 4, (uint16_t)imu.readRawAccelZ());
  put16(s + 6, (uint16_t)imu.readRawGyroX());
  put16(s + 8, (uint16_t)imu.readRawGyroY());
  put16(s + 10, (uint16_t)imu.readRawGyroZ());
  count++;
  if (count >= samplesPerPacket()) sendPacket();
}
