#pragma once
// Everything a kwire user needs, in one include: the producer, the consumer, their blocking
// facades, configuration and the version.

#include <kwire/config/config.hpp>
#include <kwire/config/consumer_config.hpp>
#include <kwire/config/producer_config.hpp>
#include <kwire/consumer/consumer.hpp>
#include <kwire/consumer/consumer_blocking.hpp>
#include <kwire/consumer/deserializer.hpp>
#include <kwire/producer/producer.hpp>
#include <kwire/producer/producer_blocking.hpp>
#include <kwire/producer/serializer.hpp>
#include <kwire/version.hpp>
